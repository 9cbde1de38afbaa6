package org.diffumatting.matting.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast algorithms (banded separable filtering, run-length components, level-based assignment) against
 * straightforward implementations of the definitions, on random images of awkward sizes (narrower than the kernel,
 * several parallel bands, one row, one column).
 */
class NaiveComparisonTest {

    static final int[][] SIZES = {{1, 1}, {1, 9}, {9, 1}, {3, 5}, {13, 7}, {40, 150}, {131, 66}};

    /** Piecewise-constant random image with k/255 values (so level sets have several components). */
    static double[] randomImage(SplittableRandom r, int w, int h) {
        double[] a = new double[w * h];
        for (int i = 0; i < a.length; i++) {
            int k = r.nextInt(4) == 0 ? r.nextInt(256) : (i > 0 ? (int) Math.round(a[i - 1] * 255) : 0);
            if (i >= w && r.nextInt(3) == 0) k = (int) Math.round(a[i - w] * 255);
            a[i] = k / 255.0;
        }
        return a;
    }

    /** 2-D convolution straight from the definition: out(y,x) = sum_ab ks(a) kd(b) in(y - a, x - b), etc. */
    static double[] naiveMagnitude(double[] in, int w, int h, GradientKernels k) {
        int r = k.radius();
        double[] out = new double[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double gx = 0, gy = 0;
                for (int a = -r; a <= r; a++) {
                    for (int b = -r; b <= r; b++) {
                        double v = in[k.border().map(y - a, h) * w + k.border().map(x - b, w)];
                        gx += k.smooth()[a + r] * k.derivative()[b + r] * v;
                        gy += k.derivative()[a + r] * k.smooth()[b + r] * v;
                    }
                }
                out[y * w + x] = Math.sqrt(gx * gx + gy * gy);
            }
        }
        return out;
    }

    @Test
    void gradientMagnitudeMatchesDirect2dConvolution() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (GradientKernels k : new GradientKernels[] {GradientError.DIM_KERNELS, GradientError.WHOLE_KERNELS}) {
            for (int[] s : SIZES) {
                double[] a = randomImage(rnd, s[0], s[1]);
                double[] fast = GradientMagnitude.magnitude(a, s[0], s[1], k);
                double[] slow = naiveMagnitude(a, s[0], s[1], k);
                for (int i = 0; i < a.length; i++)
                    assertEquals(slow[i], fast[i], 1e-12, k.border() + " " + s[0] + "x" + s[1] + " pixel " + i);
            }
        }
    }

    @Test
    void regionSumSkipsOnlyBandsWithoutRegionPixels() {
        SplittableRandom rnd = new SplittableRandom(13);
        int w = 37, h = 200; // bands of 64 rows: [0,64) [64,128) [128,192) [192,200)
        double[] p = randomImage(rnd, w, h), g = randomImage(rnd, w, h);
        boolean[] region = new boolean[w * h];
        for (int x = 0; x < w; x++) region[100 * w + x] = true; // only the second band
        region[199 * w + 5] = true; // and one pixel of the last
        for (GradientKernels k : new GradientKernels[] {GradientError.DIM_KERNELS, GradientError.WHOLE_KERNELS}) {
            double[] mp = naiveMagnitude(p, w, h, k), mg = naiveMagnitude(g, w, h, k);
            double expected = 0;
            for (int i = 0; i < region.length; i++) if (region[i]) expected += (mp[i] - mg[i]) * (mp[i] - mg[i]);
            assertEquals(expected, GradientMagnitude.squaredDifferenceSum(p, g, w, h, k, region), 1e-12 * expected);
        }
    }

    /** l-map straight from the definition, with a BFS labelling per threshold. */
    static double[] naiveLevelMap(double[] p, double[] g, int w, int h, boolean skipEmpty) {
        double[] l = new double[p.length];
        java.util.Arrays.fill(l, -1);
        for (int i = 1; i < ThresholdSteps.COUNT; i++) {
            double t = ThresholdSteps.t(i);
            int[] label = new int[p.length];
            int labels = 0, best = 0, bestSize = 0;
            for (int s = 0; s < p.length; s++) {
                if (label[s] != 0 || !(p[s] >= t && g[s] >= t)) continue;
                labels++;
                int size = 0;
                ArrayDeque<Integer> q = new ArrayDeque<>();
                q.add(s);
                label[s] = labels;
                while (!q.isEmpty()) {
                    int c = q.poll();
                    size++;
                    int cx = c % w, cy = c / w;
                    int[][] nb = {{cx - 1, cy}, {cx + 1, cy}, {cx, cy - 1}, {cx, cy + 1}};
                    for (int[] n : nb) {
                        if (n[0] < 0 || n[0] >= w || n[1] < 0 || n[1] >= h) continue;
                        int j = n[1] * w + n[0];
                        if (label[j] == 0 && p[j] >= t && g[j] >= t) {
                            label[j] = labels;
                            q.add(j);
                        }
                    }
                }
                if (size > bestSize) {
                    bestSize = size;
                    best = labels;
                }
            }
            if (labels == 0 && skipEmpty) continue;
            for (int x = 0; x < p.length; x++) if (l[x] == -1 && (labels == 0 || label[x] != best)) l[x] = ThresholdSteps.t(i - 1);
        }
        for (int x = 0; x < l.length; x++) if (l[x] == -1) l[x] = 1;
        return l;
    }

    @Test
    void connectivityLevelMapMatchesTheDefinition() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int[] s : SIZES) {
            for (int rep = 0; rep < 3; rep++) {
                double[] p = randomImage(rnd, s[0], s[1]);
                double[] g = randomImage(rnd, s[0], s[1]);
                if (rep == 2) for (int i = 0; i < g.length; i++) g[i] = Math.min(g[i], 0.45); // empty upper thresholds
                for (boolean skip : new boolean[] {false, true}) {
                    double[] fast = ConnectivityError.levelMap(p, g, s[0], s[1], skip);
                    double[] slow = naiveLevelMap(p, g, s[0], s[1], skip);
                    for (int i = 0; i < p.length; i++)
                        assertEquals(slow[i], fast[i], 0.0, s[0] + "x" + s[1] + " skip=" + skip + " pixel " + i);
                }
            }
        }
    }
}
