package org.diffumatting.train.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.StrictLoader;
import org.diffumatting.tensor.safetensors.SafetensorsFile;
import org.diffumatting.tensor.safetensors.SafetensorsWriter;
import org.diffumatting.train.optim.Optimizers;

/**
 * Checkpoints under {@code <output_dir>/checkpoints/step-<N>/}: {@code model.safetensors} (the trained module's
 * state dict, float32), {@code ema.safetensors} (when EMA is on), {@code optimizer.pt} (libtorch archive, see
 * {@link Optimizers}) and {@code state.json} ({@link TrainState}). A checkpoint is written into a hidden temporary
 * folder and renamed into place in one atomic move, so a crash or SIGTERM mid-write never leaves a partial
 * checkpoint; the latest is the highest step with a state.json. Only the newest {@code keep} are kept.
 */
public final class CheckpointStore {
    private static final Pattern NAME = Pattern.compile("step-(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path root;
    private final int keep;

    public CheckpointStore(Path outputDir, int keep) {
        this.root = outputDir.resolve("checkpoints");
        this.keep = keep;
    }

    public Path root() {
        return root;
    }

    /** Writes a checkpoint atomically and prunes old ones; returns its folder. */
    public Path save(TrainState state, Module model, Map<String, Tensor> ema, AdamW optimizer) {
        Path target = root.resolve(String.format("step-%08d", state.step()));
        Path tmp = root.resolve(".tmp-" + target.getFileName() + "-" + System.nanoTime());
        try {
            Files.createDirectories(tmp);
            SafetensorsWriter.write(tmp.resolve("model.safetensors"), detached(org.diffumatting.train.ModuleTensors.stateDict(model)),
                    Map.of("format", "pt", "step", Long.toString(state.step())));
            if (ema != null) SafetensorsWriter.write(tmp.resolve("ema.safetensors"), detached(ema), Map.of("format", "pt"));
            Optimizers.save(optimizer, tmp.resolve("optimizer.pt"));
            Files.writeString(tmp.resolve("state.json"), JSON.writeValueAsString(state));
            if (Files.exists(target)) deleteTree(target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
        prune();
        return target;
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Path> latest() {
        return list().stream().reduce((a, b) -> b);
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p.resolve("state.json")))
                    .sorted(Comparator.comparingLong(CheckpointStore::stepOf))
                    .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Reads state.json of a checkpoint. */
    public TrainState readState(Path checkpoint) {
        Path f = checkpoint.resolve("state.json");
        try {
            return JSON.readValue(f.toFile(), TrainState.class);
        } catch (IOException e) {
            throw new DmException(f + ": cannot read checkpoint state: " + e.getMessage().split("\n")[0]);
        }
    }

    /** Loads weights (strictly), EMA and optimizer state of a checkpoint into the live objects. */
    public void restore(Path checkpoint, Module model, Map<String, Tensor> emaInto, AdamW optimizer) {
        StrictLoader.load(model, checkpoint.resolve("model.safetensors"));
        if (emaInto != null) {
            Path f = checkpoint.resolve("ema.safetensors");
            if (!Files.isRegularFile(f)) throw new DmException(checkpoint + ": no ema.safetensors, but ema_decay > 0");
            try (SafetensorsFile sf = SafetensorsFile.open(f)) {
                for (Map.Entry<String, Tensor> e : emaInto.entrySet()) {
                    if (!sf.contains(e.getKey())) throw new DmException(f + ": missing tensor '" + e.getKey() + "'");
                    e.getValue().copy_(sf.load(e.getKey()));
                }
            }
        }
        Optimizers.load(optimizer, checkpoint.resolve("optimizer.pt"));
    }

    private static Map<String, Tensor> detached(Map<String, Tensor> m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.detach()));
        return out;
    }

    private void prune() {
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) deleteQuietly(all.get(i));
    }

    private static long stepOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(q);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            if (Files.exists(p)) deleteTree(p);
        } catch (IOException ignored) {
            // a leftover folder is harmless: list() skips folders without state.json
        }
    }
}
