package org.diffumatting.matting.trimap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Random;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.trimap.TrimapGenerator.Kernel;
import org.diffumatting.matting.trimap.TrimapGenerator.Mode;
import org.diffumatting.matting.trimap.TrimapGenerator.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrimapGeneratorTest {

    private static boolean[] randomMask(int n, double density, long seed) {
        Random r = new Random(seed);
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i++) m[i] = r.nextDouble() < density;
        return m;
    }

    @Test
    void euclideanTransformMatchesBruteForce() {
        int w = 17, h = 11;
        for (long seed = 0; seed < 6; seed++) {
            boolean[] m = randomMask(w * h, seed == 0 ? 0.01 : 0.08 * seed, seed);
            double[] d = DistanceTransform.squaredEuclidean(m, w, h);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double best = DistanceTransform.INF;
                    for (int j = 0; j < w * h; j++) {
                        if (!m[j]) continue;
                        double dx = x - j % w, dy = y - j / w;
                        best = Math.min(best, dx * dx + dy * dy);
                    }
                    assertEquals(best, d[y * w + x], 0.0, "seed " + seed + " at " + x + "," + y);
                }
            }
        }
        double[] empty = DistanceTransform.squaredEuclidean(new boolean[6], 3, 2);
        for (double v : empty) assertEquals(DistanceTransform.INF, v);
    }

    @Test
    void squareDilationMatchesBruteForce() {
        int w = 13, h = 9;
        boolean[] m = randomMask(w * h, 0.05, 42);
        for (int r = 0; r <= 4; r++) {
            boolean[] d = DistanceTransform.dilateSquare(m, w, h, r);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean any = false;
                    for (int j = 0; j < w * h; j++)
                        any |= m[j] && Math.abs(x - j % w) <= r && Math.abs(y - j / w) <= r;
                    assertEquals(any, d[y * w + x], "r " + r + " at " + x + "," + y);
                }
            }
        }
    }

    /** The class documentation's definition, evaluated literally with nested loops. */
    private static int[] reference(AlphaMap a, Options opt) {
        int w = a.width(), h = a.height(), r = opt.band();
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean nearNotOpaque = false, nearTouched = false, nearSoft = false;
                for (int yy = 0; yy < h; yy++) {
                    for (int xx = 0; xx < w; xx++) {
                        int dx = xx - x, dy = yy - y;
                        boolean in = opt.kernel() == Kernel.DISK ? dx * dx + dy * dy <= r * r
                                : Math.abs(dx) <= r && Math.abs(dy) <= r;
                        if (!in) continue;
                        double v = a.get(xx, yy);
                        nearNotOpaque |= v < 1;
                        nearTouched |= v > 0;
                        nearSoft |= v > 0 && v < 1;
                    }
                }
                if (opt.mode() == Mode.ERODE_DILATE) out[y * w + x] = !nearNotOpaque ? 255 : nearTouched ? 128 : 0;
                else out[y * w + x] = nearSoft ? 128 : a.get(x, y) >= 0.5 ? 255 : 0;
            }
        }
        return out;
    }

    private static int[] labels(Trimap t) {
        int[] out = new int[t.labels().length];
        for (int i = 0; i < out.length; i++) out[i] = t.labels()[i] & 0xff;
        return out;
    }

    /** A blob: opaque disk, a soft ring, a stray soft pixel and a hard-edged square. */
    private static AlphaMap blob(int w, int h, long seed) {
        Random rnd = new Random(seed);
        AlphaMap a = AlphaMap.zeros(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = Math.hypot(x - w * 0.4, y - h * 0.5);
                double v = d < 5 ? 1 : d < 7 ? (7 - d) / 2 : 0;
                if (x >= w - 5 && y < 4) v = 1; // hard square touching the border
                a.set(x, y, v);
            }
        }
        a.set(rnd.nextInt(w), h - 1, 0.3);
        return a;
    }

    @Test
    void generatorMatchesTheDocumentedDefinition() {
        AlphaMap a = blob(24, 19, 3);
        for (Kernel k : Kernel.values())
            for (Mode m : Mode.values())
                for (int band : new int[] {0, 1, 3, 6}) {
                    Options opt = new Options(band, k, m);
                    assertArrayEquals(reference(a, opt), labels(TrimapGenerator.generate(a, opt)), opt.toString());
                }
    }

    @Test
    void goldenOneRow() {
        AlphaMap a = new AlphaMap(8, 1, new double[] {0, 0, 0, 0.5, 1, 1, 1, 1});
        Trimap t = TrimapGenerator.generate(a, new Options(1, Kernel.DISK, Mode.ERODE_DILATE));
        assertArrayEquals(new int[] {0, 0, 128, 128, 128, 255, 255, 255}, labels(t));
        Trimap t0 = TrimapGenerator.generate(a, new Options(0, Kernel.DISK, Mode.ERODE_DILATE));
        assertArrayEquals(new int[] {0, 0, 0, 128, 255, 255, 255, 255}, labels(t0));
        Trimap soft = TrimapGenerator.generate(new AlphaMap(6, 1, new double[] {0, 0, 0, 1, 1, 1}),
                new Options(2, Kernel.SQUARE, Mode.SOFT_DILATE));
        assertArrayEquals(new int[] {0, 0, 0, 255, 255, 255}, labels(soft)); // hard edge: no band in soft-dilate
    }

    @Test
    void constantAndOnePixelMattes() {
        AlphaMap zeros = AlphaMap.zeros(9, 7);
        assertEquals(63, TrimapGenerator.generate(zeros).count(Trimap.BACKGROUND));
        AlphaMap ones = new AlphaMap(9, 7, new double[63]);
        java.util.Arrays.fill(ones.data(), 1.0);
        assertEquals(63, TrimapGenerator.generate(ones).count(Trimap.FOREGROUND)); // the border never erodes
        for (Mode m : Mode.values()) {
            Options o = new Options(10, Kernel.DISK, m);
            assertEquals(128, TrimapGenerator.generate(new AlphaMap(1, 1, new double[] {0.5}), o).get(0, 0));
            assertEquals(255, TrimapGenerator.generate(new AlphaMap(1, 1, new double[] {1}), o).get(0, 0));
            assertEquals(0, TrimapGenerator.generate(new AlphaMap(1, 1, new double[] {0}), o).get(0, 0));
        }
        assertThrows(IllegalArgumentException.class, () -> new Options(-1, Kernel.DISK, Mode.ERODE_DILATE));
    }

    @Test
    void writtenTrimapHoldsExactly0_128_255(@TempDir Path dir) {
        Trimap t = TrimapGenerator.generate(blob(20, 20, 1));
        Path p = dir.resolve("t.png");
        t.write(p);
        AlphaMap back = ImageFiles.readAlpha(p);
        for (int i = 0; i < back.size(); i++) assertEquals(t.labels()[i] & 0xff, Math.round(back.data()[i] * 255));
        assertEquals(t.toAlphaMap(), back);
    }
}
