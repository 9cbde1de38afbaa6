package org.diffumatting.matting.composite;

import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;

/**
 * Alpha compositing, I = a F + (1 - a) B per pixel and channel (straight alpha, values as stored, no
 * linearisation: the convention of Composition-1k and of every matting dataset), and fitting a background
 * to the foreground's size.
 */
public final class Compositor {
    private Compositor() {}

    /**
     * How a background of another size is fitted to the foreground size W x H.
     * <ul>
     *   <li>{@link #COVER} (default): scale uniformly by max(W / bw, H / bh) (bilinear, antialiased when shrinking)
     *       so that it covers W x H, then take the centred W x H window;</li>
     *   <li>{@link #STRETCH}: resize to exactly W x H (aspect ratio not kept);</li>
     *   <li>{@link #CROP}: take the centred W x H window without scaling when the background is at least W x H,
     *       otherwise behave as COVER.</li>
     * </ul>
     * A background of exactly W x H is used as it is in every mode.
     */
    public enum BackgroundFit { COVER, STRETCH, CROP }

    /** I = a F + (1 - a) B; all three must have the same size. */
    public static RgbImage composite(RgbImage fg, AlphaMap alpha, RgbImage bg) {
        if (!fg.sameSize(alpha) || !fg.sameSize(bg))
            throw new IllegalArgumentException("composite needs equal sizes: foreground " + fg.width() + "x" + fg.height()
                    + ", alpha " + alpha.width() + "x" + alpha.height() + ", background " + bg.width() + "x" + bg.height());
        float[] f = fg.data(), b = bg.data(), out = new float[f.length];
        double[] a = alpha.data();
        for (int i = 0; i < a.length; i++) {
            double ai = a[i];
            for (int c = 0; c < 3; c++) {
                int p = i * 3 + c;
                out[p] = (float) (ai * f[p] + (1 - ai) * b[p]);
            }
        }
        return new RgbImage(fg.width(), fg.height(), out);
    }

    /** The background fitted to {@code w x h} (see {@link BackgroundFit}). */
    public static RgbImage fitBackground(RgbImage bg, int w, int h, BackgroundFit fit) {
        if (bg.width() == w && bg.height() == h) return bg;
        if (fit == BackgroundFit.STRETCH) return Resampler.resize(bg, w, h);
        if (fit == BackgroundFit.CROP && bg.width() >= w && bg.height() >= h)
            return Resampler.scaleCrop(bg, 1, 1, (bg.width() - w) / 2, (bg.height() - h) / 2, w, h, false);
        double s = coverScale(bg.width(), bg.height(), w, h);
        int sw = scaledExtent(bg.width(), s), sh = scaledExtent(bg.height(), s);
        return Resampler.scaleCrop(bg, s, s, (sw - w) / 2, (sh - h) / 2, w, h, false);
    }

    /** The smallest uniform scale making a {@code bw x bh} image cover {@code w x h}. */
    public static double coverScale(int bw, int bh, int w, int h) {
        return Math.max((double) w / bw, (double) h / bh);
    }

    /** Whole pixels of a side of {@code n} pixels scaled by {@code s} (rounding noise of 1e-9 forgiven). */
    static int scaledExtent(int n, double s) {
        return (int) Math.floor(n * s + 1e-9);
    }

    /** A constant-colour background. */
    public static RgbImage solid(int w, int h, float[] rgb) {
        return RgbImage.filled(w, h, rgb[0], rgb[1], rgb[2]);
    }

    /** Left-right mirror of an image. */
    public static RgbImage mirror(RgbImage im) {
        int w = im.width(), h = im.height();
        float[] s = im.data(), d = new float[s.length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                System.arraycopy(s, (y * w + x) * 3, d, (y * w + (w - 1 - x)) * 3, 3);
        return new RgbImage(w, h, d);
    }

    /** Left-right mirror of an alpha map. */
    public static AlphaMap mirror(AlphaMap a) {
        int w = a.width(), h = a.height();
        double[] s = a.data(), d = new double[s.length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) d[y * w + (w - 1 - x)] = s[y * w + x];
        return new AlphaMap(w, h, d);
    }
}
