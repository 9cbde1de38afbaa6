package org.diffumatting.matting.foreground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.foreground.MultiLevelForegroundEstimator.Options;
import org.diffumatting.matting.foreground.MultiLevelForegroundEstimator.Result;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.io.RgbaImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiLevelForegroundEstimatorTest {

    /**
     * F and B of pixels (x, y) from pymatting's own _estimate_fb_ml (eps 5e-3, omega 0.1, 10/2 iterations, small
     * size 32) on the input of {@link #referenceInput}; produced by tools/reference/foreground_ml_reference.py.
     */
    private static final float[][] PYMATTING = {
        {0, 0, 0.814984f, 0.804583f, 0.066770f, 0.003064f, 0.330084f, 0.616021f},
        {5, 3, 0.587524f, 0.992113f, 0.196216f, 0.409486f, 0.155942f, 0.620309f},
        {12, 8, 0.383990f, 0.669904f, 0.996892f, 0.933162f, 0.195858f, 0.185997f},
        {7, 4, 0.554471f, 0.916736f, 0.248594f, 0.488203f, 0.061661f, 0.583876f},
        {2, 6, 0.629091f, 0.490807f, 0.269520f, 0.822296f, 0.237202f, 0.545482f},
    };

    /** 13x9: I = ((7x + 3y + 5c) mod 17) / 16, a = min(1, ((5x + 2y) mod 11) / 10). */
    private static Object[] referenceInput() {
        int w = 13, h = 9;
        RgbImage img = RgbImage.zeros(w, h);
        AlphaMap a = AlphaMap.zeros(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) img.set(x, y, c, ((x * 7 + y * 3 + c * 5) % 17) / 16f);
                a.set(x, y, Math.min(1.0, (float) (((x * 5 + y * 2) % 11) / 10.0)));
            }
        return new Object[] {img, a};
    }

    @Test
    void matchesPymattingReference() {
        Object[] in = referenceInput();
        Result r = MultiLevelForegroundEstimator.estimate((RgbImage) in[0], (AlphaMap) in[1]);
        for (float[] row : PYMATTING) {
            int x = (int) row[0], y = (int) row[1];
            for (int c = 0; c < 3; c++) {
                assertEquals(row[2 + c], r.foreground().get(x, y, c), 2e-5, "F at " + x + "," + y + " c" + c);
                assertEquals(row[5 + c], r.background().get(x, y, c), 2e-5, "B at " + x + "," + y + " c" + c);
            }
        }
    }

    /** Smooth colourful foreground, smooth background, a soft disk-with-gradient alpha. */
    private static Object[] synthetic(int w, int h, boolean greenBackground) {
        RgbImage f = RgbImage.zeros(w, h), b = RgbImage.zeros(w, h), img = RgbImage.zeros(w, h);
        AlphaMap a = AlphaMap.zeros(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double u = (double) x / w, v = (double) y / h;
                float[] fc = {(float) (0.6 + 0.3 * u), (float) (0.25 + 0.2 * v), (float) (0.3 + 0.4 * (1 - u))}; // green < red
                float[] bc = greenBackground ? new float[] {0, 1, 0}
                        : new float[] {(float) (0.2 + 0.5 * v), (float) (0.7 - 0.3 * u), (float) (0.5 + 0.3 * u * v)};
                double r = Math.hypot(x - w / 2.0, y - h / 2.0) / (0.45 * Math.min(w, h));
                double al = Math.min(1, Math.max(0, (1 - r) * 3 + 0.3 * Math.sin(x * 0.7)));
                a.set(x, y, al);
                for (int c = 0; c < 3; c++) {
                    f.set(x, y, c, fc[c]);
                    b.set(x, y, c, bc[c]);
                    img.set(x, y, c, (float) (al * fc[c] + (1 - al) * bc[c]));
                }
            }
        return new Object[] {img, a, f, b};
    }

    /**
     * Stated tolerance: aF + (1-a)B reproduces I within max |error| 0.02 and mean |error| 0.002 per channel
     * (the cost trades the data term against smoothness with eps = 5e-3, so the fit is close but not exact).
     */
    @Test
    void compositeOfTheEstimateReproducesTheImage() {
        Object[] s = synthetic(96, 80, false);
        RgbImage img = (RgbImage) s[0];
        AlphaMap a = (AlphaMap) s[1];
        Result r = MultiLevelForegroundEstimator.estimate(img, a);
        double max = 0, sum = 0;
        for (int i = 0; i < a.size(); i++)
            for (int c = 0; c < 3; c++) {
                double al = a.data()[i];
                double comp = al * r.foreground().data()[i * 3 + c] + (1 - al) * r.background().data()[i * 3 + c];
                double e = Math.abs(comp - img.data()[i * 3 + c]);
                max = Math.max(max, e);
                sum += e;
            }
        double mean = sum / (3.0 * a.size());
        assertTrue(max <= 0.02, "max reconstruction error " + max);
        assertTrue(mean <= 0.002, "mean reconstruction error " + mean);
    }

    /**
     * On a composite over pure green, the estimated F of soft pixels (0.05 < a < 0.95) has no green cast: its
     * mean green excess g - max(r, b) is within 0.02 of the true F's, and its mean |F - F_true| is at most 0.03,
     * while the observed colour itself (what a naive cut-out keeps) is strongly green there.
     */
    @Test
    void softPixelsOfAGreenCompositeLoseTheGreenCast() {
        Object[] s = synthetic(96, 80, true);
        RgbImage img = (RgbImage) s[0], fTrue = (RgbImage) s[2];
        AlphaMap a = (AlphaMap) s[1];
        for (Options o : new Options[] {Options.defaults(), Options.defaults().withBackground(new float[] {0, 1, 0})}) {
            RgbImage f = MultiLevelForegroundEstimator.estimate(img, a, o).foreground();
            double excessEst = 0, excessTrue = 0, excessNaive = 0, err = 0;
            int n = 0;
            for (int i = 0; i < a.size(); i++) {
                double al = a.data()[i];
                if (al <= 0.05 || al >= 0.95) continue;
                n++;
                excessEst += greenExcess(f, i);
                excessTrue += greenExcess(fTrue, i);
                excessNaive += greenExcess(img, i);
                for (int c = 0; c < 3; c++) err += Math.abs(f.data()[i * 3 + c] - fTrue.data()[i * 3 + c]) / 3;
            }
            assertTrue(n > 300, "enough soft pixels: " + n);
            excessEst /= n;
            excessTrue /= n;
            excessNaive /= n;
            err /= n;
            assertTrue(excessEst <= excessTrue + 0.02, "green excess " + excessEst + " vs true " + excessTrue);
            assertTrue(excessNaive > excessTrue + 0.2, "the test image is green-cast: " + excessNaive);
            assertTrue(err <= 0.03, "mean |F - F_true| on soft pixels " + err + " (known background: " + (o.background() != null) + ")");
        }
    }

    private static double greenExcess(RgbImage im, int i) {
        float[] d = im.data();
        return d[i * 3 + 1] - Math.max(d[i * 3], d[i * 3 + 2]);
    }

    @Test
    void constantAlphaOnePixelAndKnownBackground() {
        RgbImage img = RgbImage.filled(7, 5, 0.3f, 0.6f, 0.9f);
        AlphaMap ones = new AlphaMap(7, 5, new double[35]);
        java.util.Arrays.fill(ones.data(), 1.0);
        Result r1 = MultiLevelForegroundEstimator.estimate(img, ones);
        for (int i = 0; i < img.data().length; i++) assertEquals(img.data()[i], r1.foreground().data()[i], 1e-4);
        Result r0 = MultiLevelForegroundEstimator.estimate(img, AlphaMap.zeros(7, 5));
        for (int i = 0; i < img.data().length; i++) assertEquals(img.data()[i], r0.background().data()[i], 1e-4);
        for (float v : r0.foreground().data()) assertFalse(Float.isNaN(v));
        Result px = MultiLevelForegroundEstimator.estimate(RgbImage.filled(1, 1, 0.5f, 0.75f, 0.5f),
                new AlphaMap(1, 1, new double[] {0.5}), Options.defaults().withBackground(new float[] {0, 1, 0}));
        assertEquals(1, px.foreground().width());
        assertEquals(1.0f, px.background().get(0, 0, 1));
        assertEquals(1.0f, px.foreground().get(0, 0, 0), 1e-4); // (0.5 - 0.5*0) / 0.5 = 1
        assertEquals(0.5f, px.foreground().get(0, 0, 1), 1e-4); // (0.75 - 0.5*1) / 0.5 = 0.5
        assertThrows(IllegalArgumentException.class,
                () -> MultiLevelForegroundEstimator.estimate(RgbImage.zeros(3, 2), AlphaMap.zeros(2, 3)));
    }

    @Test
    void jobWritesRgbaAndNamesBothFilesOnSizeMismatch(@TempDir Path dir) {
        Object[] s = synthetic(40, 30, true);
        Path img = dir.resolve("img.png"), al = dir.resolve("alpha.png"), out = dir.resolve("fg.png");
        ImageFiles.writeRgb(img, (RgbImage) s[0]);
        ImageFiles.writeAlpha(al, (AlphaMap) s[1]);
        ForegroundJob.run(new ForegroundJob.Request(img, al, out, dir.resolve("bg.png"), Options.defaults()));
        RgbaImage rgba = ImageFiles.readRgba(out);
        assertEquals(ImageFiles.readAlpha(al), rgba.alpha());
        assertTrue(Files.exists(dir.resolve("bg.png")));

        Path small = dir.resolve("small.png");
        ImageFiles.writeAlpha(small, AlphaMap.zeros(10, 10));
        Path out2 = dir.resolve("fg2.png");
        DmException e = assertThrows(DmException.class,
                () -> ForegroundJob.run(new ForegroundJob.Request(img, small, out2, null, Options.defaults())));
        assertTrue(e.getMessage().contains("img.png") && e.getMessage().contains("small.png"), e.getMessage());
        assertFalse(Files.exists(out2));
    }

    @Test
    void batchOverDirectoriesMatchesByStemAndRollsBack(@TempDir Path dir) throws java.io.IOException {
        Path imgs = Files.createDirectories(dir.resolve("img")), alphas = Files.createDirectories(dir.resolve("alpha"));
        Object[] s = synthetic(20, 16, true);
        ImageFiles.writeRgb(imgs.resolve("a.png"), (RgbImage) s[0]);
        ImageFiles.writeAlpha(alphas.resolve("a.png"), (AlphaMap) s[1]);
        ImageFiles.writeRgb(imgs.resolve("b.jpg"), (RgbImage) s[0]);
        ImageFiles.writeAlpha(alphas.resolve("b.png"), (AlphaMap) s[1]);
        Path out = dir.resolve("out");
        ForegroundJob.Summary sum = ForegroundJob.run(new ForegroundJob.Request(imgs, alphas, out, null, Options.defaults()));
        assertEquals(2, sum.images());
        assertTrue(Files.exists(out.resolve("a.png")) && Files.exists(out.resolve("b.png")));

        Files.delete(alphas.resolve("b.png"));
        Path out2 = dir.resolve("out2");
        DmException e = assertThrows(DmException.class,
                () -> ForegroundJob.run(new ForegroundJob.Request(imgs, alphas, out2, null, Options.defaults())));
        assertTrue(e.getMessage().contains("b.jpg"), e.getMessage());
        assertFalse(Files.exists(out2));
    }
}
