package org.diffumatting.schedulers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.tensor.Noise;
import org.junit.jupiter.api.Test;

class SeededNoiseSourceTest {

    @Test
    void streamsArePerSampleAndContinueAcrossCalls() {
        SeededNoiseSource pair = new SeededNoiseSource(5, 7);
        SeededNoiseSource single = new SeededNoiseSource(7);
        double[] first = Golden.values(pair.randn(2, 3));
        assertArrayEquals(Golden.values(Noise.randn(new long[] {5, 7}, 2, 3)), first, 0.0, "first draw = Noise.randn");
        double[] singleFirst = Golden.values(single.randn(2, 3));
        assertArrayEquals(Arrays.copyOfRange(first, 6, 12), singleFirst, 0.0, "batch invariant (first draw)");

        Tensor like = Tensor.create(new float[12], 2, 2, 3);
        double[] second = Golden.values(pair.randnLike(like));
        double[] singleSecond = Golden.values(single.randnLike(Tensor.create(new float[6], 1, 2, 3)));
        assertArrayEquals(Arrays.copyOfRange(second, 6, 12), singleSecond, 0.0, "batch invariant (second draw)");
        assertFalse(Arrays.equals(first, second), "the stream advances");
        assertEquals(12, second.length);
        assertThrows(IllegalArgumentException.class, () -> pair.randnLike(Tensor.create(new float[6], 1, 2, 3)));
        pair.close();
        assertThrows(IllegalStateException.class, () -> pair.randn(2, 3));
    }

    @Test
    void ancestralSamplingIsReproducibleAndBatchInvariant() {
        double[] alone = sample(new long[] {42});
        double[] batched = sample(new long[] {3, 42});
        assertArrayEquals(alone, Arrays.copyOfRange(batched, 8, 16), 1e-6);
        assertArrayEquals(alone, sample(new long[] {42}), 0.0);
    }

    private static double[] sample(long[] seeds) {
        Scheduler s = Schedulers.create("euler-a", null);
        s.setTimesteps(6);
        SeededNoiseSource noise = new SeededNoiseSource(seeds);
        Tensor x = noise.randn(2, 2, 2).mul(new org.bytedeco.pytorch.Scalar(s.initNoiseSigma()));
        for (double t : s.timesteps()) {
            Tensor out = s.scaleModelInput(x, t).mul(new org.bytedeco.pytorch.Scalar(0.2));
            x = s.step(out, t, x, noise).prevSample();
        }
        return Golden.values(x);
    }
}
