package org.diffumatting.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class AutocastTest {
    @Test
    void matmulRunsInBf16InsideAndGradientsStayFp32() {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor w = Noise.randn(new long[] {1}, 16, 16).select(0, 0).detach().requires_grad_(true);
            Tensor x = Noise.randn(new long[] {2}, 4, 16).select(0, 0);
            Tensor y;
            assertFalse(Autocast.enabledOnCpu());
            try (Autocast a = Autocast.enable(Devices.cpu(), DType.BF16)) {
                assertTrue(Autocast.enabledOnCpu());
                y = x.matmul(w);
                assertEquals(DType.BF16, Tensors.dtype(y), "eligible op autocast to bf16");
                try (Autocast off = Autocast.enable(Devices.cpu(), DType.F32)) {
                    assertEquals(DType.F32, Tensors.dtype(x.matmul(w)), "an F32 scope disables autocast");
                }
                assertEquals(DType.BF16, Tensors.dtype(x.matmul(w)), "outer state restored");
            }
            assertFalse(Autocast.enabledOnCpu());
            assertEquals(DType.F32, Tensors.dtype(x.matmul(w)), "outside: fp32 again");
            y.to(DType.F32.scalarType()).square().sum().backward();
            assertEquals(DType.F32, Tensors.dtype(w.grad()), "gradient in the parameter's dtype");
            // bf16 result is within bf16 precision of the fp32 product
            float[] exact = Tensors.toFloats(x.matmul(w));
            float[] mixed = Tensors.toFloats(y);
            for (int i = 0; i < exact.length; i++) assertEquals(exact[i], mixed[i], 0.05f + 0.02f * Math.abs(exact[i]));
        }
    }
}
