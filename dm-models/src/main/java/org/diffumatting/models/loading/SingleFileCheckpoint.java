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
