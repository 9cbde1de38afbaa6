package org.diffumatting.matting.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.io.RgbaImage;
import org.diffumatting.matting.key.DifferenceKeyer.Combine;
import org.diffumatting.matting.key.DifferenceKeyer.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DifferenceKeyerTest {
    @TempDir
    Path dir;

    /** Soft alpha: a radial ramp from 1 (centre) to 0 (corners), plus exact 0 and 1 areas. */
    private static AlphaMap softAlpha(int w, int h) {
        AlphaMap a = AlphaMap.zeros(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double r = Math.hypot(x - w / 2.0, y - h / 2.0) / (0.5 * Math.min(w, h));
                a.set(x, y, Math.min(1, Math.max(0, 1.5 - 1.5 * r)));
            }
        return a;
    }

    /**
     * Foreground whose dominant-channel excess over the key is -u, u uniform in [0, maxDeficit]:
     * red and blue in [0.2, 1], green = max(red, blue) - u ("colours away from green").
     */
    private static RgbImage foreground(int w, int h, double maxDeficit, long seed) {
        Random r = new Random(seed);
        RgbImage f = RgbImage.zeros(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                float red = 0.2f + 0.8f * r.nextFloat(), blue = 0.2f + 0.8f * r.nextFloat();
                f.set(x, y, 0, red);
                f.set(x, y, 2, blue);
                f.set(x, y, 1, (float) (Math.max(red, blue) - maxDeficit * r.nextDouble()));
            }
        return f;
    }

    static RgbImage over(RgbImage f, AlphaMap a, float[] k) {
        RgbImage out = RgbImage.zeros(f.width(), f.height());
        for (int i = 0; i < a.size(); i++)
            for (int c = 0; c < 3; c++)
                out.data()[i * 3 + c] = (float) (a.data()[i] * f.data()[i * 3 + c] + (1 - a.data()[i]) * k[c]);
        return out;
    }

    /**
     * Stated accuracy (class documentation): with D(F) in [-E, 0] and pure green (D_K = 1), |a_est - a| <= a * E;
     * exact when D(F) = 0. Asserted with E = 0.1 and with E = 0 (tolerance 1e-6 for float rounding).
     */
    @Test
    void recoversSoftAlphaOfASyntheticGreenComposite() {
        int w = 48, h = 40;
        AlphaMap a = softAlpha(w, h);
        float[] green = {0, 1, 0};
        for (double e : new double[] {0.1, 0.0}) {
            RgbImage f = foreground(w, h, e, 11);
            DifferenceKeyer.Result res = DifferenceKeyer.key(over(f, a, green), Options.defaults());
            double worst = 0;
            for (int i = 0; i < a.size(); i++) {
                double err = Math.abs(res.alpha().data()[i] - a.data()[i]);
                assertTrue(err <= a.data()[i] * e + 1e-6, "pixel " + i + ": error " + err + " alpha " + a.data()[i]);
                worst = Math.max(worst, err);
            }
            if (e == 0) {
                assertTrue(worst <= 1e-6, "exact when D(F) = 0: " + worst);
                // unmixing then recovers the true foreground wherever alpha is not tiny
                for (int i = 0; i < a.size(); i++)
                    if (a.data()[i] >= 0.05)
                        for (int c = 0; c < 3; c++)
                            assertEquals(f.data()[i * 3 + c], res.foreground().data()[i * 3 + c], 1e-4);
            } else {
                assertTrue(worst > 0.01, "the bound is not vacuous: some error is expected, got " + worst);
            }
        }
    }

    @Test
    void anyKeyColourWithADominantChannel() {
        int w = 20, h = 16;
        AlphaMap a = softAlpha(w, h);
        RgbImage gray = RgbImage.filled(w, h, 0.4f, 0.4f, 0.4f); // D(F) = 0 for every key colour
        for (float[] k : new float[][] {{0, 0, 1}, {1, 0, 0}, {0.2f, 0.8f, 0.3f}}) {
            Options o = Options.defaults().withKeyColor(k);
            DifferenceKeyer.Result res = DifferenceKeyer.key(over(gray, a, k), o);
            for (int i = 0; i < a.size(); i++) assertEquals(a.data()[i], res.alpha().data()[i], 1e-5);
        }
        DmException e = assertThrows(DmException.class,
                () -> DifferenceKeyer.key(gray, Options.defaults().withKeyColor(new float[] {0.5f, 0.5f, 0.55f})));
        assertTrue(e.getMessage().contains("128,128,140"), e.getMessage());
    }

    @Test
    void spillSuppressionLeavesNoGreenExcess() {
        Random r = new Random(5);
        RgbImage img = RgbImage.zeros(30, 30);
        for (int i = 0; i < img.data().length; i++) img.data()[i] = r.nextFloat();
        for (Combine c : Combine.values()) {
            Options o = new Options(new float[] {0, 1, 0}, Combine.MAX, 0, 1, false, c, 1);
            RgbImage f = DifferenceKeyer.key(img, o).foreground();
            for (int i = 0; i < 900; i++) {
                float lim = c == Combine.MAX ? Math.max(f.data()[i * 3], f.data()[i * 3 + 2])
                        : 0.5f * (f.data()[i * 3] + f.data()[i * 3 + 2]);
                assertTrue(f.data()[i * 3 + 1] <= lim + 1e-6f);
                assertEquals(img.data()[i * 3], f.data()[i * 3]); // red and blue untouched
            }
        }
        // strength 0 keeps colours as they are (no unmix)
        Options off = new Options(new float[] {0, 1, 0}, Combine.MAX, 0, 1, false, Combine.MAX, 0);
        assertEquals(img, DifferenceKeyer.key(img, off).foreground());
    }

    @Test
    void clipThresholdsAndConstantImages() {
        RgbImage pureGreen = RgbImage.filled(5, 4, 0, 1, 0);
        RgbImage white = RgbImage.filled(5, 4, 1, 1, 1);
        assertTrue(java.util.Arrays.stream(DifferenceKeyer.key(pureGreen, Options.defaults()).alpha().data()).allMatch(v -> v == 0));
        assertTrue(java.util.Arrays.stream(DifferenceKeyer.key(white, Options.defaults()).alpha().data()).allMatch(v -> v == 1));
        RgbImage px = RgbImage.filled(1, 1, 0, 0.6f, 0); // D = 0.6, raw alpha 0.4
        assertEquals(0.4, DifferenceKeyer.key(px, Options.defaults()).alpha().data()[0], 1e-6);
        Options clip = new Options(new float[] {0, 1, 0}, Combine.MAX, 0.2, 0.6, true, Combine.MAX, 1);
        assertEquals(0.5, DifferenceKeyer.key(px, clip).alpha().data()[0], 1e-6);
        assertThrows(DmException.class, () -> new Options(new float[] {0, 1, 0}, Combine.MAX, 0.6, 0.6, true, Combine.MAX, 1));
    }

    @Test
    void jobWritesAlphaAndRgbaPerInputAndRollsBackOnFailure() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        AlphaMap a = softAlpha(24, 20);
        ImageFiles.writeRgb(in.resolve("one.png"), over(RgbImage.filled(24, 20, 0.7f, 0.7f, 0.4f), a, new float[] {0, 1, 0}));
        ImageFiles.writeRgb(in.resolve("two.jpg"), RgbImage.filled(3, 3, 0, 1, 0));
        Path out = dir.resolve("out");
        List<Path> written = KeyJob.run(new KeyJob.Request(List.of(in), out, Options.defaults()));
        assertEquals(List.of(out.resolve("one-alpha.png"), out.resolve("one.png"), out.resolve("two-alpha.png"),
                out.resolve("two.png")), written);
        AlphaMap back = ImageFiles.readAlpha(out.resolve("one-alpha.png"));
        for (int i = 0; i < a.size(); i++) assertEquals(a.data()[i], back.data()[i], 1.5 / 255); // 8-bit in and out
        RgbaImage rgba = ImageFiles.readRgba(out.resolve("one.png"));
        assertEquals(back, rgba.alpha());

        Path bad = dir.resolve("zz-bad.png");
        Files.write(bad, new byte[] {1, 2, 3});
        Path out2 = dir.resolve("out2");
        DmException e = assertThrows(DmException.class,
                () -> KeyJob.run(new KeyJob.Request(List.of(in.resolve("one.png"), bad), out2, Options.defaults())));
        assertTrue(e.getMessage().contains("zz-bad.png"), e.getMessage());
        assertFalse(Files.exists(out2.resolve("one.png")), "no partial outputs");
        assertFalse(Files.exists(out2.resolve("one-alpha.png")), "no partial outputs");
        assertThrows(DmException.class,
                () -> KeyJob.run(new KeyJob.Request(List.of(dir.resolve("missing.png")), out2, Options.defaults())));
    }
}
