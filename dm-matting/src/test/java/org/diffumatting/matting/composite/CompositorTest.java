package org.diffumatting.matting.composite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.composite.Compositor.BackgroundFit;
import org.diffumatting.matting.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompositorTest {
    @TempDir
    Path dir;

    static RgbImage random(int w, int h, long seed) {
        Random r = new Random(seed);
        RgbImage im = RgbImage.zeros(w, h);
        for (int i = 0; i < im.data().length; i++) im.data()[i] = r.nextInt(256) / 255f;
        return im;
    }

    @Test
    void compositeIsTheMattingEquation() {
        RgbImage f = random(4, 3, 1), b = random(4, 3, 2);
        AlphaMap a = new AlphaMap(4, 3, new double[] {0, 1, 0.5, 0.25, 0, 1, 0.5, 0.25, 0, 1, 0.5, 0.25});
        RgbImage c = Compositor.composite(f, a, b);
        for (int i = 0; i < 12; i++)
            for (int k = 0; k < 3; k++)
                assertEquals(a.data()[i] * f.data()[i * 3 + k] + (1 - a.data()[i]) * b.data()[i * 3 + k], c.data()[i * 3 + k], 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Compositor.composite(f, AlphaMap.zeros(3, 4), b));
    }

    @Test
    void resamplerAtScaleOneIsAnExactWindowAndMirror() {
        RgbImage src = random(9, 7, 3);
        RgbImage win = Resampler.scaleCrop(src, 1, 1, 2, 3, 5, 4, false);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 5; x++)
                for (int c = 0; c < 3; c++) assertEquals(src.get(x + 2, y + 3, c), win.get(x, y, c), 1e-6);
        RgbImage m = Resampler.scaleCrop(src, 1, 1, 0, 0, 9, 7, true);
        assertArrayEquals(Compositor.mirror(src).data(), m.data(), 1e-6f);
        assertEquals(src, Compositor.mirror(Compositor.mirror(src)));
    }

    @Test
    void resamplerKeepsConstantsAndAveragesWhenShrinking() {
        RgbImage gray = RgbImage.filled(37, 23, 0.25f, 0.5f, 0.75f);
        for (double s : new double[] {0.1, 0.37, 1.7, 3}) {
            int w = Math.max(1, (int) Math.floor(37 * s)), h = Math.max(1, (int) Math.floor(23 * s));
            RgbImage out = Resampler.scaleCrop(gray, s, s, 0, 0, w, h, false);
            for (int i = 0; i < out.data().length; i += 3) {
                assertEquals(0.25f, out.data()[i], 1e-6);
                assertEquals(0.75f, out.data()[i + 2], 1e-6);
            }
        }
        // 2:1 shrink of a checkerboard of columns gives their mean (antialiasing)
        RgbImage stripes = RgbImage.zeros(40, 2);
        for (int x = 0; x < 40; x += 2) for (int y = 0; y < 2; y++) for (int c = 0; c < 3; c++) stripes.set(x, y, c, 1f);
        RgbImage half = Resampler.resize(stripes, 20, 1);
        for (int x = 1; x < 19; x++) assertEquals(0.5f, half.get(x, 0, 0), 1e-6);
        assertEquals(0.5f, Resampler.resize(RgbImage.filled(1, 1, 0.5f, 0.5f, 0.5f), 3, 2).get(2, 1, 1), 1e-6);
    }

    @Test
    void backgroundFitModes() {
        RgbImage bg = random(20, 10, 4);
        assertEquals(bg, Compositor.fitBackground(bg, 20, 10, BackgroundFit.COVER)); // same size: as is
        RgbImage crop = Compositor.fitBackground(bg, 6, 4, BackgroundFit.CROP);
        assertEquals(bg.get(7, 3, 1), crop.get(0, 0, 1), 1e-6); // centred: x0 = (20-6)/2, y0 = (10-4)/2
        RgbImage cover = Compositor.fitBackground(bg, 10, 10, BackgroundFit.COVER);
        assertEquals(10, cover.width());
        assertEquals(10, cover.height());
        RgbImage stretch = Compositor.fitBackground(bg, 5, 40, BackgroundFit.STRETCH);
        assertEquals(40, stretch.height());
        RgbImage up = Compositor.fitBackground(RgbImage.filled(1, 1, 0, 0, 1), 8, 3, BackgroundFit.CROP);
        assertEquals(1f, up.get(7, 2, 2), 1e-6);
    }

    @Test
    void singleJobWithColourImageAndRgbaForeground() {
        Path fg = dir.resolve("fg.png"), al = dir.resolve("a.png"), bg = dir.resolve("bg.jpg"), out = dir.resolve("o.png");
        RgbImage f = random(6, 5, 5);
        AlphaMap a = AlphaMap.zeros(6, 5);
        for (int i = 0; i < 30; i++) a.data()[i] = (i % 6) / 5.0;
        ImageFiles.writeRgb(fg, f);
        ImageFiles.writeAlpha(al, a);
        CompositeJob.run(new CompositeJob.Request(fg, al, null, new float[] {0, 1, 0}, BackgroundFit.COVER, out));
        RgbImage o = ImageFiles.readRgb(out);
        for (int i = 0; i < 30; i++) {
            double ai = a.data()[i];
            assertEquals(ai * f.data()[i * 3 + 1] + (1 - ai), o.data()[i * 3 + 1], 0.51 / 255 + 1e-6);
        }
        Path rgba = dir.resolve("rgba.png");
        ImageFiles.writeRgba(rgba, f, a);
        Path out2 = dir.resolve("o2.png");
        CompositeJob.run(new CompositeJob.Request(rgba, null, null, new float[] {0, 1, 0}, BackgroundFit.COVER, out2));
        assertEquals(o, ImageFiles.readRgb(out2));
        ImageFiles.writeRgb(bg, random(30, 30, 6));
        CompositeJob.run(new CompositeJob.Request(fg, al, bg, null, BackgroundFit.COVER, dir.resolve("o3.jpg")));
        assertEquals(6, ImageFiles.readRgb(dir.resolve("o3.jpg")).width());

        Path wrong = dir.resolve("wrong.png");
        ImageFiles.writeAlpha(wrong, AlphaMap.zeros(5, 6));
        Path out4 = dir.resolve("o4.png");
        DmException e = assertThrows(DmException.class,
                () -> CompositeJob.run(new CompositeJob.Request(fg, wrong, null, new float[] {0, 0, 0}, BackgroundFit.COVER, out4)));
        assertTrue(e.getMessage().contains("fg.png") && e.getMessage().contains("wrong.png"), e.getMessage());
        assertFalse(Files.exists(out4));
        assertThrows(DmException.class,
                () -> CompositeJob.run(new CompositeJob.Request(fg, al, bg, new float[] {0, 0, 0}, BackgroundFit.COVER, out4)));
    }
}
