package org.diffumatting.data.procedural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.diffumatting.data.build.GreenSetBuilder;
import org.diffumatting.data.build.SampleRng;
import org.diffumatting.data.image.RgbaImage;
import org.junit.jupiter.api.Test;

/**
 * Every procedural generator: its default supersampled alpha matches a 4x-denser supersampled
 * render of the same scene (same rng stream) within a stated tolerance, it has real soft alpha,
 * a caption, and it is deterministic.
 */
class ProceduralGeneratorsTest {
    static final int SIZE = 48;
    /** Stated tolerance: mean |alpha_ss - alpha_4ss| over the canvas. */
    static final double MEAN_TOL = 0.008;
    /** Stated tolerance: 99th percentile of |alpha_ss - alpha_4ss| over pixels that are non-zero in either. */
    static final double P99_TOL = 0.15;

    static List<ProceduralGenerator> all() {
        return GreenSetBuilder.generators(null);
    }

    @Test
    void everyGeneratorMatchesDenserSupersampling() {
        for (ProceduralGenerator g : all()) {
            for (int seed = 0; seed < 4; seed++) {
                int ss = g.defaultSupersampling();
                Generated a = g.generate(SIZE, ss, SampleRng.of(seed, g.name()));
                Generated b = g.generate(SIZE, ss * 4, SampleRng.of(seed, g.name()));
                assertEquals(a.caption(), b.caption(), "same scene at both rates");
                double[] err = alphaError(a.image(), b.image());
                assertTrue(err[0] <= MEAN_TOL, g.name() + " seed " + seed + ": mean alpha error " + err[0] + " > " + MEAN_TOL);
                assertTrue(err[1] <= P99_TOL, g.name() + " seed " + seed + ": p99 alpha error " + err[1] + " > " + P99_TOL);
            }
        }
    }

    @Test
    void everyGeneratorHasSoftAlphaAndCaption() {
        for (ProceduralGenerator g : all()) {
            double soft = 0;
            for (int seed = 0; seed < 4; seed++) {
                Generated a = g.generate(SIZE, g.defaultSupersampling(), SampleRng.of(seed, g.name()));
                soft += a.image().softFraction() / 4;
                assertFalse(a.caption().isBlank(), g.name());
                assertTrue(a.image().alphaBox(0.01f) != null, g.name() + " draws something");
                for (float v : a.image().p()) assertTrue(v >= 0 && v <= 1.0001f, g.name() + " values in [0,1]");
            }
            assertTrue(soft > 0.03, g.name() + ": mean soft-pixel fraction " + soft + " should be well above an opaque shape's rim");
        }
    }

    @Test
    void deterministicPerSeed() {
        for (ProceduralGenerator g : all()) {
            Generated a = g.generate(32, 2, SampleRng.of(7, "x"));
            Generated b = g.generate(32, 2, SampleRng.of(7, "x"));
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.image().p(), b.image().p(), g.name());
            assertEquals(a.params(), b.params(), g.name());
        }
    }

    /** {mean abs error over all pixels, 99th percentile over pixels non-zero in either}. */
    static double[] alphaError(RgbaImage x, RgbaImage y) {
        int n = x.width() * x.height();
        double sum = 0;
        java.util.List<Double> nz = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            double ax = x.p()[i * 4 + 3], ay = y.p()[i * 4 + 3], d = Math.abs(ax - ay);
            sum += d;
            if (ax > 0 || ay > 0) nz.add(d);
        }
        nz.sort(null);
        double p99 = nz.isEmpty() ? 0 : nz.get((int) Math.floor(0.99 * (nz.size() - 1)));
        return new double[] {sum / n, p99};
    }

    /** Prints the measured errors (run on demand to restate the tolerances). */
    public static void main(String[] args) {
        for (ProceduralGenerator g : all()) {
            double worstMean = 0, worstP99 = 0;
            for (int seed = 0; seed < 8; seed++) {
                int ss = g.defaultSupersampling();
                double[] e = alphaError(g.generate(SIZE, ss, SampleRng.of(seed, g.name())).image(),
                        g.generate(SIZE, ss * 4, SampleRng.of(seed, g.name())).image());
                worstMean = Math.max(worstMean, e[0]);
                worstP99 = Math.max(worstP99, e[1]);
            }
            System.out.printf("%-12s ss=%d mean<=%.5f p99<=%.4f%n", g.name(), g.defaultSupersampling(), worstMean, worstP99);
        }
    }
}
