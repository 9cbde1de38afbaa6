package org.diffumatting.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.tensor.Tensors;
import org.diffumatting.train.data.EpochOrder;
import org.junit.jupiter.api.Test;

/** AdamW matches its formula (incl. the beta order), LR schedule shape, EMA warm-up, epoch order. */
class OptimTest {
    @Test
    void adamWMatchesTheFormulaWithBetasInTheirPlaces() {
        double lr = 0.1, b1 = 0.8, b2 = 0.95, eps = 1e-8, wd = 0.1;
        Tensor p = Tensors.fromFloats(new float[] {1f}, 1).requires_grad_(true);
        AdamW opt = Optimizers.adamW(List.of(p), lr, b1, b2, eps, wd);
        double x = 1, m = 0, v = 0;
        for (int k = 1; k <= 3; k++) {
            opt.zero_grad(true);
            p.mul(p).mul(new Scalar(0.5)).sum().backward();   // grad = p: changes every step
            opt.step();
            // reference AdamW (Loshchilov & Hutter 2019, Algorithm 2; torch.optim.AdamW)
            double g = x;
            x *= 1 - lr * wd;
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double mHat = m / (1 - Math.pow(b1, k));
            double vHat = v / (1 - Math.pow(b2, k));
            x -= lr * mHat / (Math.sqrt(vHat) + eps);
            assertEquals(x, Tensors.item(p), 1e-6, "step " + k);
        }
    }

    @Test
    void warmupThenCosineToTheFloor() {
        LearningRateSchedule s = new LearningRateSchedule(1e-3, 10, 110, 0.1);
        assertEquals(1e-4, s.at(0), 1e-12);
        assertEquals(1e-3, s.at(9), 1e-12);
        assertEquals(1e-3, s.at(10), 1e-12);
        assertEquals(1e-3 * (0.1 + 0.9 * 0.5), s.at(60), 1e-12);
        assertEquals(1e-4, s.at(110), 1e-12);
    }

    @Test
    void emaWarmsUpItsDecayAndAverages() {
        Tensor p = Tensors.fromFloats(new float[] {0f}, 1);
        Ema ema = new Ema(Map.of("w", p), 0.99);
        assertEquals(0.1, ema.decayAt(0), 1e-12);
        assertEquals(0.99, ema.decayAt(10_000), 1e-12);
        p.add_(new Scalar(1.0));
        ema.update(Map.of("w", p));                        // 0.1 * 0 + 0.9 * 1
        assertEquals(0.9f, Tensors.item(ema.shadow().get("w")), 1e-7f);
    }

    @Test
    void epochOrderIsAPermutationPerEpochAndDependsOnlyOnSeedAndPosition() {
        EpochOrder a = new EpochOrder(5, 42);
        int[] e0 = a.indices(0, 5);
        int[] e1 = a.indices(5, 5);
        assertEquals(10, java.util.Arrays.stream(e0).sum());
        assertEquals(10, java.util.Arrays.stream(e1).sum());
        assertEquals(5, java.util.Arrays.stream(e0).distinct().count());
        assertNotEquals(java.util.Arrays.toString(e0), java.util.Arrays.toString(e1));
        int[] crossing = new EpochOrder(5, 42).indices(3, 4);   // fresh instance, straddles the boundary
        assertEquals(e0[3], crossing[0]);
        assertEquals(e0[4], crossing[1]);
        assertEquals(e1[0], crossing[2]);
        assertEquals(e1[1], crossing[3]);
    }
}
