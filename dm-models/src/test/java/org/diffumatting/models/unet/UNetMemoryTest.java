package org.diffumatting.models.unet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.TinyConfigs;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Noise;
import org.diffumatting.tensor.Tensors;
import org.junit.jupiter.api.Test;

/** A denoising loop with one PointerScope per step does not grow native memory (DESIGN.md 6.8). */
class UNetMemoryTest {

    private static long rssMb() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
        }
        return -1;
    }

    @Test
    void scopedForwardLoopKeepsResidentMemoryFlat() throws Exception {
        if (!Files.exists(Path.of("/proc/self/status"))) return; // Linux only
        try (NoGradGuard g = new NoGradGuard()) {
            UNet2DConditionModel m = new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.seeded(0));
            Tensor x = Noise.randn(new long[] {1, 2}, 4, 16, 16);
            Tensor ctx = Noise.randn(new long[] {3, 4}, 7, 16);
            long before = 0;
            for (int i = 0; i < 40; i++) {
                try (MemoryScope step = MemoryScope.open()) {
                    Tensor eps = m.forward(x, Tensors.fromLongs(new long[] {i, i}, 2), ctx);
                    x = step.keep(x.sub(eps.mul(new org.bytedeco.pytorch.Scalar(0.01)))); // the latent carries over
                }
                if (i == 9) before = rssMb();
            }
            long after = rssMb();
            assertTrue(after - before < 40, "RSS grew from " + before + " MB to " + after + " MB over 30 steps");
        }
    }
}
