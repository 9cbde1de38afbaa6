package org.diffumatting.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class NoiseTest {
    @Test
    void sampleIsIndependentOfItsBatch() {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor batch = Noise.randn(new long[] {11, 22, 33}, 4, 8, 8);
            assertArrayEquals(new long[] {3, 4, 8, 8}, Tensors.shape(batch));
            Tensor alone = Noise.randn(new long[] {33}, 4, 8, 8);
            assertArrayEquals(Tensors.toFloats(alone), Tensors.toFloats(batch.select(0, 2)), 0f, "sample 2 of 3 == sample alone");
            Tensor other = Noise.randn(new long[] {5, 11}, 4, 8, 8);
            assertArrayEquals(Tensors.toFloats(batch.select(0, 0)), Tensors.toFloats(other.select(0, 1)), 0f);
        }
    }

    @Test
    void seedsAreDeterministicAndDistinct() {
        try (MemoryScope s = MemoryScope.open()) {
            float[] a = Tensors.toFloats(Noise.randn(new long[] {7, 8}, 3, 5));
            float[] b = Tensors.toFloats(Noise.randn(new long[] {7, 8}, 3, 5));
            assertArrayEquals(a, b, 0f);
            assertFalse(Arrays.equals(Arrays.copyOfRange(a, 0, 15), Arrays.copyOfRange(a, 15, 30)), "seeds 7 and 8 differ");
        }
    }

    /** Same stream as PyTorch: {@code torch.manual_seed(42); torch.randn(4)} = [0.3367, 0.1288, 0.2345, 0.2303]. */
    @Test
    void matchesPyTorchCpuGenerator() {
        try (MemoryScope s = MemoryScope.open()) {
            float[] v = Tensors.toFloats(Noise.randn(new long[] {42}, 4));
            assertArrayEquals(new float[] {0.3367f, 0.1288f, 0.2345f, 0.2303f}, v, 1e-4f);
        }
    }

    @Test
    void isStandardNormalAndConvertible() {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor x = Noise.randn(Devices.cpu(), DType.BF16, new long[] {1, 2}, 4, 64, 64);
            assertEquals(DType.BF16, Tensors.dtype(x));
            float[] v = Tensors.toFloats(x);
            double mean = 0;
            double sq = 0;
            for (float f : v) {
                mean += f;
                sq += f * f;
            }
            mean /= v.length;
            double std = Math.sqrt(sq / v.length - mean * mean);
            assertEquals(0, mean, 0.02);
            assertEquals(1, std, 0.02);
            assertArrayEquals(new long[] {3, 4, 5}, Noise.consecutiveSeeds(3, 3));
        }
    }
}
