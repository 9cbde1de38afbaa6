package org.diffumatting.models.loading;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.CompVisKeyMap.Component;
import org.diffumatting.models.loading.CompVisKeyMap.Reshape;
import org.diffumatting.models.loading.CompVisKeyMap.Target;
import org.diffumatting.tensor.safetensors.PickleCheckpoints;
import org.diffumatting.tensor.safetensors.SafetensorsFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A single-file Stable Diffusion checkpoint ({@code .safetensors} with CompVis names, e.g.
 * v1-5-pruned-emaonly.safetensors) seen as per-component diffusers state dicts (unet, vae,
 * text_encoder) through {@link CompVisKeyMap}. Opening checks every key: a key that is neither
 * mapped nor a known non-weight key is an error listing the keys; two keys mapping to the same
 * diffusers name too. Tensors are read lazily, one at a time, when a model is loaded, so a 4 GB file
 * never sits in memory twice. Pickle files (.ckpt) are refused.
 *
 * <pre>{@code
 * try (SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(path)) {
 *     ckpt.loadInto(Component.UNET, unet);          // strict: missing/unexpected/mis-shaped keys fail
 *     ckpt.loadInto(Component.VAE, vae);
 *     ckpt.loadInto(Component.TEXT_ENCODER, clip);
 * }
 * }</pre>
 */
public final class SingleFileCheckpoint implements AutoCloseable {
    /** How many keys an error lists. */
    public static final int LISTED = 20;

    /** Where a diffusers key's data comes from. */
    private record Source(String compVisKey, Reshape reshape) {}

    private final SafetensorsFile file;
    private final Map<Component, LinkedHashMap<String, Source>> components = new EnumMap<>(Component.class);
    private final List<String> ignored = new ArrayList<>();

    private SingleFileCheckpoint(SafetensorsFile file) {
        this.file = file;
        for (Component c : Component.values()) {
            components.put(c, new LinkedHashMap<>());
        }
    }

    /** Opens an SD 1.x checkpoint (layers_per_block 2, 4 VAE blocks), training (non-EMA) UNet weights. */
    public static SingleFileCheckpoint open(Path path) {
        return open(path, CompVisKeyMap.sd15(), false);
    }

    /**
     * @param map    the key table for the checkpoint's architecture
     * @param useEma read the UNet from the {@code model_ema.*} copy (diffusers' extract_ema); every UNet
     *               key must then have its EMA twin
     */
    public static SingleFileCheckpoint open(Path path, CompVisKeyMap map, boolean useEma) {
        if (PickleCheckpoints.isPickleCheckpoint(path)) {
            PickleCheckpoints.refuse(path);
        }
        SafetensorsFile file = SafetensorsFile.open(path);
        try {
            SingleFileCheckpoint ckpt = new SingleFileCheckpoint(file);
            ckpt.index(map, useEma);
            return ckpt;
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private void index(CompVisKeyMap map, boolean useEma) {
        List<String> unknown = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> missingEma = new ArrayList<>();
        Set<String> names = file.names();
        for (String key : names) {
            if (map.isIgnored(key)) {
                ignored.add(key);
                continue;
            }
            Target target = map.map(key).orElse(null);
            if (target == null) {
                unknown.add(key);
                continue;
            }
            String sourceKey = key;
            if (useEma && target.component() == Component.UNET) {
                sourceKey = CompVisKeyMap.emaKey(key);
                if (!names.contains(sourceKey)) {
                    missingEma.add(sourceKey);
                }
            }
            Source previous = components.get(target.component()).put(target.key(), new Source(sourceKey, target.reshape()));
            if (previous != null) {
                duplicates.add(previous.compVisKey() + " and " + key + " -> " + target.key());
            }
        }
        String where = file.path().toString();
        if (!unknown.isEmpty()) {
            Collections.sort(unknown);
            throw new DmException(where + ": " + unknown.size() + " key(s) of no Stable Diffusion component (expected "
                    + CompVisKeyMap.UNET_PREFIX + "*, " + CompVisKeyMap.VAE_PREFIX + "*, " + CompVisKeyMap.TEXT_PREFIX
                    + "* or known non-weight keys): " + listing(unknown));
        }
        if (!duplicates.isEmpty()) {
            throw new DmException(where + ": keys that map to the same diffusers name: " + listing(duplicates));
        }
        if (!missingEma.isEmpty()) {
            throw new DmException(where + ": EMA weights requested but " + missingEma.size() + " EMA key(s) are missing: "
                    + listing(missingEma));
        }
        if (components.values().stream().allMatch(Map::isEmpty)) {
            throw new DmException(where + ": no Stable Diffusion weights (no key starts with " + CompVisKeyMap.UNET_PREFIX
                    + ", " + CompVisKeyMap.VAE_PREFIX + " or " + CompVisKeyMap.TEXT_PREFIX + ")");
        }
    }

    private static String listing(List<String> keys) {
        List<String> shown = keys.subList(0, Math.min(LISTED, keys.size()));
        return "[" + String.join(", ", shown) + (keys.size() > LISTED ? ", ... and " + (keys.size() - LISTED) + " more" : "") + "]";
    }

    public Path path() {
        return file.path();
    }

    /** Whether the file holds weights of {@code c}. */
    public boolean has(Component c) {
        return !components.get(c).isEmpty();
    }

    /** Keys skipped as non-weights (schedule buffers, EMA copy, position_ids), in file order. */
    public List<String> ignoredKeys() {
        return Collections.unmodifiableList(ignored);
    }

    /** diffusers name -> shape (after reshapes) of component {@code c}. */
    public Map<String, long[]> shapes(Component c) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Source> e : components.get(c).entrySet()) {
            out.put(e.getKey(), e.getValue().reshape().apply(file.info(e.getValue().compVisKey()).shape()));
        }
        return out;
    }

    /** The CompVis key behind a diffusers name of {@code c} (for messages and tools). */
    public String compVisKey(Component c, String diffusersKey) {
        Source s = components.get(c).get(diffusersKey);
        return s == null ? null : s.compVisKey();
    }

    /** Component {@code c} as a lazily read, diffusers-named tensor source (for {@link StrictLoader}). */
    public TensorSource source(Component c) {
        Map<String, Source> entries = Collections.unmodifiableMap(components.get(c));
        String label = file.path() + " [" + c.folderName() + "]";
        return new TensorSource() {
            public String label() {
                return label;
            }

            public Set<String> names() {
                return entries.keySet();
            }

            public long[] shape(String name) {
                Source s = entries.get(name);
                return s.reshape().apply(file.info(s.compVisKey()).shape());
            }

            public torch.ScalarType dtype(String name) {
                return file.info(entries.get(name).compVisKey()).dtype().scalarType();
            }

            public Tensor load(String name) {
                Source s = entries.get(name);
                Tensor t = file.load(s.compVisKey());
                if (s.reshape() == Reshape.NONE) {
                    return t;
                }
                return t.reshape(s.reshape().apply(file.info(s.compVisKey()).shape())); // [C, C, 1, 1] -> [C, C]
            }
        };
    }

    /**
     * What a checkpoint holds.
     *
     * @param tensors per component, the number of tensors
     * @param values  per component, the number of values (parameters)
     * @param dtypes  per component, the stored dtypes seen
     * @param ignored keys skipped as non-weights
     */
    public record Summary(Path file, Map<Component, Integer> tensors, Map<Component, Long> values,
                          Map<Component, Set<String>> dtypes, List<String> ignored) {}

    public Summary summary() {
        Map<Component, Integer> tensors = new EnumMap<>(Component.class);
        Map<Component, Long> values = new EnumMap<>(Component.class);
        Map<Component, Set<String>> dtypes = new EnumMap<>(Component.class);
        for (Component c : Component.values()) {
            tensors.put(c, components.get(c).size());
            long n = 0;
            Set<String> types = new java.util.TreeSet<>();
            for (Source s : components.get(c).values()) {
                n += file.info(s.compVisKey()).numel();
                types.add(file.info(s.compVisKey()).dtype().safetensorsName());
            }
            values.put(c, n);
            dtypes.put(c, types);
        }
        return new Summary(file.path(), tensors, values, dtypes, List.copyOf(ignored));
    }

    /** Folders of a diffusers pipeline that hold no weights and are copied as they are by {@link #toDiffusers}. */
    public static final List<String> ASSET_FOLDERS = List.of("tokenizer", "scheduler", "feature_extractor");

    /**
     * Writes the checkpoint as a diffusers folder. Each component present in the file is built from
     * {@code configsDir/<component>/config.json} through the model registry, loaded strictly, and saved
     * as {@code out/<component>/config.json} + weights ({@code .fp16.safetensors} in float16 when
     * {@code fp16}); {@code model_index.json} and the asset folders ({@link #ASSET_FOLDERS}) of
     * {@code configsDir} are copied. Everything is written into a temporary sibling folder that is
     * renamed to {@code out} at the end, so a failure leaves no partial output; {@code out} must not exist.
     *
     * @return the components written
     */
    public List<Component> toDiffusers(Path out, Path configsDir, boolean fp16) {
        if (java.nio.file.Files.exists(out)) {
            throw new DmException(out + ": already exists (choose a new output folder)");
        }
        for (Component c : Component.values()) {
            Path cfg = configsDir.resolve(c.folderName()).resolve(DiffusersFolder.CONFIG);
            if (has(c) && !java.nio.file.Files.isRegularFile(cfg)) {
                throw new DmException(cfg + ": file not found (the " + c.folderName() + " config is needed to convert "
                        + file.path().getFileName() + ")");
            }
        }
        Path abs = out.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".partial-" + ProcessHandle.current().pid());
        List<Component> written = new ArrayList<>();
        try {
            java.nio.file.Files.createDirectories(tmp);
            for (Component c : Component.values()) {
                if (!has(c)) {
                    continue;
                }
                Path cfgFile = configsDir.resolve(c.folderName()).resolve(DiffusersFolder.CONFIG);
                com.fasterxml.jackson.databind.node.ObjectNode cfg = ConfigJson.read(cfgFile);
                Module model = org.diffumatting.models.registry.ModelRegistry.build(cfg, cfgFile.toString(),
                        org.diffumatting.models.nn.ParamInit.empty());
                loadInto(c, model);
                DiffusersFolder.saveComponent(tmp.resolve(c.folderName()), model, fp16);
                written.add(c);
            }
            Path index = configsDir.resolve(DiffusersFolder.MODEL_INDEX);
            if (java.nio.file.Files.isRegularFile(index)) {
                java.nio.file.Files.copy(index, tmp.resolve(DiffusersFolder.MODEL_INDEX));
            }
            for (String asset : ASSET_FOLDERS) {
                Path src = configsDir.resolve(asset);
                if (java.nio.file.Files.isDirectory(src)) {
                    copyTree(src, tmp.resolve(asset));
                }
            }
            java.nio.file.Files.move(tmp, abs, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return written;
        } catch (java.io.IOException e) {
            throw new DmException(out + ": cannot write the diffusers folder (" + e.getMessage() + ")", e);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void copyTree(Path src, Path dst) throws java.io.IOException {
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(src)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = dst.resolve(src.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // best effort: the temporary folder name starts with '.'
        }
    }

    /** Loads component {@code c} into {@code model} strictly (dtype converted to the model's). */
    public void loadInto(Component c, Module model) {
        if (!has(c)) {
            throw new DmException(file.path() + ": no " + c.folderName() + " weights in this checkpoint");
        }
        StrictLoader.load(model, source(c), StrictLoader.DtypePolicy.CONVERT);
    }

    @Override
    public void close() {
        file.close();
    }
}
