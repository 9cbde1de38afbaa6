package org.diffumatting.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Noise;
import org.diffumatting.tensor.Tensors;

/**
 * Where a loss computation happens: optimizer step, micro-batch within gradient accumulation, the run seed and the
 * step's memory scope (for tensors a stage caches across steps: {@code scope.keep(t)}).
 */
public record StepContext(long step, int micro, long seed, MemoryScope scope) {

    /** One seed per sample for {@code purpose} ({@link Seeds} tags). */
    public long[] sampleSeeds(long purpose, int batch) {
        return Seeds.perSample(seed, purpose, step, micro, batch);
    }

    /**
     * Seeded N(0, I) noise of {@code like}'s shape [B, ...] and dtype: sample i drawn from its own seed for
     * {@code purpose}, so a sample's draw does not depend on the batch it is in.
     */
    public Tensor randnLike(long purpose, Tensor like) {
        long[] shape = Tensors.shape(like);
        return Noise.randn(sampleSeeds(purpose, (int) shape[0]), Arrays.copyOfRange(shape, 1, shape.length)).to(like.scalar_type());
    }

    /** A generator for {@code purpose} at this step and micro-batch. */
    public SplittableRandom random(long purpose) {
        return new SplittableRandom(Seeds.mix(seed, purpose, step, micro));
    }
}
