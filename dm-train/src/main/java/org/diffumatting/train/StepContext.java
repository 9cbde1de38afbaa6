package org.diffumatting.train;

import java.util.SplittableRandom;
import org.diffumatting.tensor.MemoryScope;

/**
 * Where a loss computation happens: optimizer step, micro-batch within gradient accumulation, the run seed and the
 * step's memory scope (for tensors a stage caches across steps: {@code scope.keep(t)}).
 */
public record StepContext(long step, int micro, long seed, MemoryScope scope) {

    /** One seed per sample for {@code purpose} ({@link Seeds} tags). */
    public long[] sampleSeeds(long purpose, int batch) {
        return Seeds.perSample(seed, purpose, step, micro, batch);
    }

    /** A generator for {@code purpose} at this step and micro-batch. */
    public SplittableRandom random(long purpose) {
        return new SplittableRandom(Seeds.mix(seed, purpose, step, micro));
    }
}
