package org.diffumatting.schedulers;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * Where stochastic schedulers (DDPM, DDIM with eta &gt; 0, Euler ancestral) take their fresh Gaussian noise
 * (diffusers' {@code generator} argument). Plug in a seeded, batch-invariant source (e.g. dm-tensor's
 * {@code Noise.randn(seeds, shape)}) to make sampling reproducible per sample.
 */
@FunctionalInterface
public interface NoiseSource {
    /** Standard normal noise with the shape, dtype and device of {@code like}. */
    Tensor randnLike(Tensor like);

    /**
     * Replays fixed tensors in order (tests, or re-running a recorded trajectory); asking for more than given,
     * or for another shape, throws IllegalStateException.
     */
    static NoiseSource replay(List<Tensor> tensors) {
        Deque<Tensor> queue = new ArrayDeque<>(tensors);
        return like -> {
            Tensor next = queue.poll();
            if (next == null) throw new IllegalStateException("replayed noise exhausted");
            if (!java.util.Arrays.equals(next.shape(), like.shape())) {
                throw new IllegalStateException("replayed noise has shape " + java.util.Arrays.toString(next.shape())
                        + ", step needs " + java.util.Arrays.toString(like.shape()));
            }
            return next.to(like.device(), like.scalar_type());
        };
    }
}
