package org.diffumatting.schedulers;

import java.util.Arrays;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Batch-invariant seeded noise whose streams continue across calls: one CPU generator per sample, as when a
 * diffusers pipeline is given {@code generator=[torch.Generator("cpu").manual_seed(s) for s in seeds]} — the
 * initial latents and then every stochastic scheduler step draw row b from generator b
 * (diffusers utils/torch_utils.py {@code randn_tensor}). Row b therefore depends only on seeds[b] and on how many
 * draws came before, not on the batch. The first draw equals dm-tensor's {@code Noise.randn(seeds, shape)}.
 *
 * <p>Noise is drawn in float32 on CPU, then converted to the requested dtype and device. The generators live
 * outside any PointerScope; {@link #close()} frees them (otherwise the garbage collector does). Not thread-safe.
 */
public final class SeededNoiseSource implements NoiseSource, AutoCloseable {
    private final long[] seeds;
    private final Generator[] generators;

    /** One generator per sample, seeded with seeds[b]. */
    public SeededNoiseSource(long... seeds) {
        if (seeds.length == 0) throw new IllegalArgumentException("SeededNoiseSource needs at least one seed");
        this.seeds = seeds.clone();
        this.generators = new Generator[seeds.length];
        for (int b = 0; b < seeds.length; b++) {
            generators[b] = torch.createCPUGenerator(seeds[b]);
            generators[b].retainReference(); // the streams must outlive any caller PointerScope
        }
    }

    /** Frees the generators; the source cannot draw afterwards. */
    @Override
    public void close() {
        for (int b = 0; b < generators.length; b++) {
            if (generators[b] != null) generators[b].releaseReference();
            generators[b] = null;
        }
    }

    /** The seeds, one per sample. */
    public long[] seeds() {
        return seeds.clone();
    }

    /** Draws [B, ...perSampleShape] float32 on CPU (e.g. the initial latents), advancing every stream. */
    public Tensor randn(long... perSampleShape) {
        TensorVector rows = new TensorVector();
        for (Generator g : generators) {
            if (g == null) throw new IllegalStateException("SeededNoiseSource is closed");
            Tensor row = torch.randn(perSampleShape, new GeneratorOptional(g), new TensorOptions(torch.ScalarType.Float));
            rows.push_back(row.unsqueeze(0)); // [1, ...]
        }
        return torch.cat(rows, 0); // [B, ...]
    }

    /** Noise shaped like {@code like} [B, ...] (B must equal the number of seeds), in its dtype and device. */
    @Override
    public Tensor randnLike(Tensor like) {
        long[] shape = like.shape();
        if (shape.length == 0 || shape[0] != generators.length) {
            throw new IllegalArgumentException("noise for shape " + Arrays.toString(shape) + " needs "
                    + (shape.length == 0 ? "a batch dimension" : "batch " + generators.length + " (one seed per sample)"));
        }
        return randn(Arrays.copyOfRange(shape, 1, shape.length)).to(like.device(), like.scalar_type());
    }
}
