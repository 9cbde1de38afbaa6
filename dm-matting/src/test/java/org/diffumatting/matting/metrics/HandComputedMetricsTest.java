package org.diffumatting.matting.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffumatting.matting.AlphaMap;
import org.junit.jupiter.api.Test;

/** Small cases worked out by hand (see the comments), edge cases and building blocks. */
class HandComputedMetricsTest {

    static AlphaMap map(int w, int h, double... v) {
        return new AlphaMap(w, h, v);
    }

    static AlphaMap trimap(int w, int h, int... levels) {
        double[] v = new double[levels.length];
        for (int i = 0; i < v.length; i++) v[i] = levels[i] / 255.0;
        return new AlphaMap(w, h, v);
    }

    /*
     * 3x3, values in quarters so every sum is exact.
     *   p = 0.25 0.25 0.5     g = 0   0.5  0.5     trimap = 0   128 128
     *       0.75 1    0.5         0.5 1    1                128 255 128
     *       0    0    1           0   0.25 1                0   128 255
     * |p-g| = .25 .25 0 / .25 0 .5 / 0 .25 0 ; U = {(0,1),(0,2),(1,0),(1,2),(2,1)}, |U| = 5.
     * DIM:   SAD = (.25+0+.25+.5+.25)/1000 = 0.00125; MSE = (.0625+0+.0625+.25+.0625)/5 = 0.0875; MAD = 1.25/5 = 0.25.
     * WHOLE: SAD = 1.5/1000 (the top-left .25 counts too); MSE = 0.5/9; MAD = 1.5/9.
     * WHOLE_TRIMAP: p(0,0) is forced to 0 (trimap 0), so SAD = 1.25/1000, MSE = 0.4375/5, MAD = 1.25/5.
     */
    @Test
    void sadMseMadOnA3x3ByHand() {
        AlphaMap p = map(3, 3, .25, .25, .5, .75, 1, .5, 0, 0, 1);
        AlphaMap g = map(3, 3, 0, .5, .5, .5, 1, 1, 0, .25, 1);
        AlphaMap t = trimap(3, 3, 0, 128, 128, 128, 255, 128, 0, 128, 255);
        MattingScores dim = MattingMetrics.evaluate(p, g, t, Convention.DIM);
        assertEquals(0.00125, dim.sad(), 1e-15);
        assertEquals(0.0875, dim.mse(), 1e-15);
        assertEquals(0.25, dim.mad(), 1e-15);
        MattingScores whole = MattingMetrics.evaluate(p, g, null, Convention.WHOLE);
        assertEquals(0.0015, whole.sad(), 1e-15);
        assertEquals(0.5 / 9, whole.mse(), 1e-15);
        assertEquals(1.5 / 9, whole.mad(), 1e-15);
        MattingScores tri = MattingMetrics.evaluate(p, g, t, Convention.WHOLE_TRIMAP);
        assertEquals(0.00125, tri.sad(), 1e-15);
        assertEquals(0.0875, tri.mse(), 1e-15);
        assertEquals(0.25, tri.mad(), 1e-15);
        assertEquals(whole.grad(), tri.grad(), 0.0, "trimap variant reports the whole-image Grad");
        assertEquals(whole.conn(), tri.conn(), 0.0, "trimap variant reports the whole-image Conn");
    }

    /*
     * Conn, 3x3:  g = 1 1 0    p = 1 1 0      min(p,g) = 1 1 0 / 0 0 0 / 0 0 0.6
     *                 0 0 0        0 0 0
     *                 0 0 1        0 0 153/255 (== 0.6)
     * Levels: top pair 10, bottom-right 5 (0.6 < t_6 = 0.6000000000000001), rest 0.
     * i = 1: components {top pair} (2 px) and {(2,2)} (1 px); Omega = top pair, so (2,2) and the zeros get
     * l = t_0 = 0. The top pair is never outside Omega: l = 1.
     * phi: (2,2): p: d = 0.6 -> phi = 0.4; g: d = 1 -> phi = 0; |diff| = 0.4. Zeros: d = 0 -> phi = 1 both.
     * Top pair: d = 0 -> phi = 1 both.  Conn = 0.4 / 1000 in both conventions (no threshold is empty).
     */
    @Test
    void connectivityOnA3x3ByHand() {
        AlphaMap g = map(3, 3, 1, 1, 0, 0, 0, 0, 0, 0, 1);
        AlphaMap p = map(3, 3, 1, 1, 0, 0, 0, 0, 0, 0, 153 / 255.0);
        AlphaMap allUnknown = trimap(3, 3, 128, 128, 128, 128, 128, 128, 128, 128, 128);
        assertEquals(0.4 / 1000, MattingMetrics.evaluate(p, g, allUnknown, Convention.DIM).conn(), 1e-15);
        assertEquals(0.4 / 1000, MattingMetrics.evaluate(p, g, null, Convention.WHOLE).conn(), 1e-15);
        double[] l = ConnectivityError.levelMap(p.data(), g.data(), 3, 3, true);
        assertArrayEquals(new double[] {1, 1, 0, 0, 0, 0, 0, 0, 0}, l, 0.0);
    }

    /*
     * Tie at t_6: p = 153/255 (== 0.6 exactly) everywhere, g = 1. Level 5 everywhere (0.6 < t_6).
     * DIM: thresholds 1..5 keep the whole image as Omega; at i = 6 the level set is empty, Omega is empty and
     * every pixel gets l = t_5 = 0.5: d_p = 0.6 - 0.5 < 0.15 -> phi_p = 1; d_g = 0.5 -> phi_g = 0.5;
     * Conn = 9 * 0.5 / 1000 = 0.0045. (With t_6 == 0.6 it would be 9 * 0.4 / 1000 = 0.0036.)
     * WHOLE (skip rule): thresholds 6..10 are skipped, l = 1: d_p < 0 -> phi 1; d_g = 0 -> phi 1; Conn = 0.
     */
    @Test
    void thresholdTieAt153Over255() {
        double a = 153 / 255.0;
        assertEquals(0.6, a, 0.0);
        assertEquals(5, ThresholdSteps.level(a));
        assertEquals(0.6000000000000001, ThresholdSteps.t(6), 0.0);
        assertEquals(0.30000000000000004, ThresholdSteps.t(3), 0.0);
        assertEquals(0.7000000000000001, ThresholdSteps.t(7), 0.0);
        AlphaMap p = map(3, 3, a, a, a, a, a, a, a, a, a);
        AlphaMap g = map(3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        AlphaMap allUnknown = trimap(3, 3, 128, 128, 128, 128, 128, 128, 128, 128, 128);
        assertEquals(0.0045, MattingMetrics.evaluate(p, g, allUnknown, Convention.DIM).conn(), 1e-15);
        assertEquals(0.0, MattingMetrics.evaluate(p, g, null, Convention.WHOLE).conn(), 0.0);
    }

    @Test
    void emptyUnknownRegionGivesUndefinedMseAndMadAndZeroSums() {
        AlphaMap p = map(2, 2, 0.2, 0.4, 0.6, 0.8);
        AlphaMap g = map(2, 2, 0, 1, 0, 1);
        AlphaMap known = trimap(2, 2, 0, 255, 0, 255);
        MattingScores dim = MattingMetrics.evaluate(p, g, known, Convention.DIM);
        assertTrue(Double.isNaN(dim.mse()));
        assertTrue(Double.isNaN(dim.mad()));
        assertEquals(0.0, dim.sad(), 0.0);
        assertEquals(0.0, dim.grad(), 0.0);
        assertEquals(0.0, dim.conn(), 0.0);
        MattingScores tri = MattingMetrics.evaluate(p, g, known, Convention.WHOLE_TRIMAP);
        assertTrue(Double.isNaN(tri.mse()));
        assertEquals(0.0, tri.sad(), 0.0, "all pixels forced to the trimap, which equals g here");
    }

    @Test
    void constantAndIdenticalMattesHaveZeroGradient() {
        AlphaMap c = map(4, 3, new double[12]);
        java.util.Arrays.fill(c.data(), 0.5);
        AlphaMap allUnknown = trimap(4, 3, new int[] {128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128});
        for (Convention conv : Convention.values()) {
            MattingScores s = MattingMetrics.evaluate(c, c.copy(), allUnknown, conv);
            assertEquals(0.0, s.sad(), 0.0);
            assertEquals(0.0, s.grad(), 0.0);
            assertEquals(0.0, s.conn(), 0.0);
        }
        double[] mag = GradientMagnitude.magnitude(c.data(), 4, 3, GradientError.WHOLE_KERNELS);
        for (double m : mag) assertEquals(0.0, m, 1e-15);
    }

    @Test
    void onePixelImages() {
        AlphaMap p = map(1, 1, 0.2);
        AlphaMap g = map(1, 1, 0.7);
        MattingScores s = MattingMetrics.evaluate(p, g, trimap(1, 1, 128), Convention.DIM);
        assertEquals(0.5 / 1000, s.sad(), 1e-15);
        assertEquals(0.25, s.mse(), 1e-15);
        assertEquals(0.0, s.grad(), 1e-12);
        MattingScores w = MattingMetrics.evaluate(p, g, null, Convention.WHOLE);
        assertEquals(0.0, w.grad(), 0.0, "a 1x1 image reflects onto itself: no gradient");
        // level(min) = 2 for 0.2: thresholds 1,2 keep the pixel, skip rule leaves l = 1 -> phi = 1 for both
        assertEquals(0.0, w.conn(), 0.0);
    }

    @Test
    void kernelsHaveTheDocumentedShape() {
        GradientKernels m = GradientError.DIM_KERNELS;
        assertEquals(4, m.radius(), "MATLAB gaussgradient(1.4): 9x9 kernel");
        double ns = 0, nd = 0;
        for (int k = 0; k < 9; k++) {
            ns += m.smooth()[k] * m.smooth()[k];
            nd += m.derivative()[k] * m.derivative()[k];
        }
        assertEquals(1.0, ns * nd, 1e-12, "the 2-D kernel hx has unit L2 norm");
        GradientKernels s = GradientError.WHOLE_KERNELS;
        assertEquals(6, s.radius(), "scipy: int(4.0 * 1.4 + 0.5)");
        double sum = 0;
        for (double v : s.smooth()) sum += v;
        assertEquals(1.0, sum, 1e-15);
        assertTrue(s.derivative()[0] > 0, "d/dx kernel -x/s^2 phi is positive at x = -r");
    }

    @Test
    void borderModes() {
        int[] reflect3 = new int[10];
        for (int i = -4; i <= 5; i++) reflect3[i + 4] = BorderMode.REFLECT.map(i, 3);
        // ... d c b a | a b c | c b a a b c: i = -4..5 over n = 3 (period 6)
        assertArrayEquals(new int[] {2, 2, 1, 0, 0, 1, 2, 2, 1, 0}, reflect3);
        assertEquals(0, BorderMode.REFLECT.map(-7, 1));
        assertEquals(0, BorderMode.REPLICATE.map(-7, 5));
        assertEquals(4, BorderMode.REPLICATE.map(9, 5));
    }

    @Test
    void largestComponentUsesFourConnectivityAndRasterOrderTies() {
        // 1 0 1
        // 0 1 0   diagonal contacts only: five 1-pixel components; the first in raster order wins
        // 1 0 1
        byte[] lv = {1, 0, 1, 0, 1, 0, 1, 0, 1};
        LargestComponent c = LargestComponent.of(lv, 3, 3, 1);
        assertEquals(1, c.largestSize());
        assertEquals(4, c.otherRunCount());
        assertEquals(2, c.otherRunStart(0));
        // a U shape joined only through the bottom row is one component
        byte[] u = {1, 0, 1, 1, 0, 1, 1, 1, 1};
        LargestComponent cu = LargestComponent.of(u, 3, 3, 1);
        assertEquals(7, cu.largestSize());
        assertEquals(0, cu.otherRunCount());
        assertTrue(LargestComponent.of(new byte[4], 2, 2, 1).isEmpty());
    }

    @Test
    void sixteenBitTrimapLevelsMatchEightBit() {
        // a 16-bit file stores level k as 257 k / 65535; only level 128 is unknown, 127 and 129 belong to no region
        AlphaMap t16 = map(4, 1, 128 * 257 / 65535.0, 255 * 257 / 65535.0, 127 / 255.0, 129 / 255.0);
        TrimapRegions r = new TrimapRegions(t16);
        assertEquals(1, r.unknownCount());
        assertTrue(r.unknownMask()[0]);
        assertEquals(TrimapRegions.FOREGROUND, r.level(1));
        double[] forced = MattingMetrics.forceKnownRegions(new double[] {0.3, 0.3, 0.3, 0.3}, r);
        assertArrayEquals(new double[] {0.3, 1.0, 0.3, 0.3}, forced, 0.0);
    }

    @Test
    void rejectsMismatchedSizesAndMissingTrimap() {
        AlphaMap a = AlphaMap.zeros(3, 2);
        AlphaMap b = AlphaMap.zeros(2, 3);
        assertThrows(IllegalArgumentException.class, () -> MattingMetrics.evaluate(a, b, null, Convention.WHOLE));
        assertThrows(IllegalArgumentException.class, () -> MattingMetrics.evaluate(a, a, null, Convention.DIM));
        assertThrows(IllegalArgumentException.class, () -> MattingMetrics.evaluate(a, a, b, Convention.WHOLE_TRIMAP));
        assertEquals(Convention.WHOLE_TRIMAP, Convention.fromId("whole_trimap"));
        assertThrows(IllegalArgumentException.class, () -> Convention.fromId("p3m"));
    }
}
