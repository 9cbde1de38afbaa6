package org.diffumatting.matting.foreground;

import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;

/**
 * Fast multi-level foreground estimation: Germer, Uelwer, Conrad, Harmeling, "Fast Multi-Level Foreground
 * Estimation", ICPR 2020 (arXiv 2006.14970), following the reference implementation
 * {@code pymatting/foreground/estimate_foreground_ml.py} ({@code _estimate_fb_ml}).
 *
 * <p>Notation: I the image, a the alpha, F and B the unknown foreground and background colours (per channel),
 * N(i) the 4 neighbours of pixel i (clamped at the image border, so a border pixel counts itself),
 * eps the regularisation, omega the gradient weight. The cost
 * <pre>
 *   sum_i (a_i F_i + (1 - a_i) B_i - I_i)^2
 *     + sum_i sum_{j in N(i)} (eps + omega |a_i - a_j|) ((F_i - F_j)^2 + (B_i - B_j)^2)
 * </pre>
 * is minimised coarse to fine: levels l = 0..L with L = ceil(log2(max(w, h))), level size
 * (round(w^(l/L)), round(h^(l/L))) (Python's round, half to even), image and alpha resized to every level by
 * nearest neighbour ({@code src = dst * size_src / size_dst}, integer division), F and B initialised at 1x1 with the
 * mean colour of pixels with a &gt; 0.9 (F) and a &lt; 0.1 (B) and carried up by nearest-neighbour upsampling. At each
 * level, {@code nSmallIterations} (when both sides &lt;= {@code smallSize}) or {@code nBigIterations} in-place
 * (Gauss-Seidel, raster order) sweeps solve each pixel's 2x2 system for (F_i, B_i) with the neighbours fixed:
 * <pre>
 *   [a^2 + S    a(1-a)     ] [F_i]   [a I_i + sum_j w_j F_j    ]      w_j = eps + omega |a_i - a_j|,
 *   [a(1-a)     (1-a)^2 + S] [B_i] = [(1-a) I_i + sum_j w_j B_j],     S = sum_j w_j,
 * </pre>
 * and clamp both to [0, 1].
 *
 * <p>Defaults: eps = 5e-3 and omega = 0.1 (the paper's values); pymatting's library defaults are eps = 1e-5 and
 * omega (gradient_weight) = 1. nSmallIterations 10, nBigIterations 2, smallSize 32 as in pymatting.
 *
 * <p>Known background (our extension for green-screen images): with {@code background} set, B is fixed to that
 * colour and each pixel solves the scalar equation (a^2 + S) F_i = a (I_i - (1 - a) B) + sum_j w_j F_j of the same
 * cost; the returned background is that constant colour.
 *
 * <p>Cost: O(w h) per sweep and about 4/3 * nBigIterations sweeps of the full image overall.
 */
public final class MultiLevelForegroundEstimator {
    private MultiLevelForegroundEstimator() {}

    /**
     * @param regularization   eps (default 5e-3)
     * @param gradientWeight   omega (default 0.1)
     * @param nSmallIterations sweeps per level when both sides are at most {@code smallSize} (default 10)
     * @param nBigIterations   sweeps per larger level (default 2)
     * @param smallSize        default 32
     * @param background       a known constant background colour in [0, 1] (3 values), or null to estimate B
     */
    public record Options(double regularization, double gradientWeight, int nSmallIterations, int nBigIterations,
                          int smallSize, float[] background) {
        public Options {
            if (!(regularization > 0)) throw new IllegalArgumentException("regularization must be > 0, got " + regularization);
            if (!(gradientWeight >= 0)) throw new IllegalArgumentException("gradient weight must be >= 0, got " + gradientWeight);
            if (nSmallIterations < 0 || nBigIterations < 0 || smallSize < 1)
                throw new IllegalArgumentException("iterations must be >= 0 and small size >= 1");
            if (background != null) {
                if (background.length != 3) throw new IllegalArgumentException("background colour needs 3 components");
                background = background.clone();
            }
        }

        public static Options defaults() {
            return new Options(5e-3, 0.1, 10, 2, 32, null);
        }

        /** The same options with a known background colour (or null to estimate it). */
        public Options withBackground(float[] rgb) {
            return new Options(regularization, gradientWeight, nSmallIterations, nBigIterations, smallSize, rgb);
        }
    }

    /** Estimated foreground and background colours, in [0, 1]. */
    public record Result(RgbImage foreground, RgbImage background) {}

    public static Result estimate(RgbImage image, AlphaMap alpha) {
        return estimate(image, alpha, Options.defaults());
    }

    public static Result estimate(RgbImage image, AlphaMap alpha, Options o) {
        if (!image.sameSize(alpha))
            throw new IllegalArgumentException("image " + image.width() + "x" + image.height() + " and alpha "
                    + alpha.width() + "x" + alpha.height() + " differ in size");
        int w0 = image.width(), h0 = image.height();
        float[] img0 = image.data();
        float[] a0 = new float[w0 * h0];
        for (int i = 0; i < a0.length; i++) a0[i] = (float) alpha.data()[i];
        float[] known = o.background();

        // mean colours of sure foreground (a > 0.9) and sure background (a < 0.1): the 1x1 initialisation
        double[] fMean = new double[3], bMean = new double[3];
        double fCount = 0, bCount = 0;
        for (int i = 0; i < a0.length; i++) {
            if (a0[i] > 0.9f) {
                for (int c = 0; c < 3; c++) fMean[c] += img0[i * 3 + c];
                fCount++;
            }
            if (a0[i] < 0.1f) {
                for (int c = 0; c < 3; c++) bMean[c] += img0[i * 3 + c];
                bCount++;
            }
        }
        float[] fPrev = new float[3], bPrev = new float[3];
        for (int c = 0; c < 3; c++) {
            fPrev[c] = (float) (fMean[c] / (fCount + 1e-5));
            bPrev[c] = known != null ? known[c] : (float) (bMean[c] / (bCount + 1e-5));
        }
        int wPrev = 1, hPrev = 1;
        int maxSide = Math.max(w0, h0);
        int nLevels = maxSide <= 1 ? 1 : 32 - Integer.numberOfLeadingZeros(maxSide - 1); // ceil(log2), exact
        float[] f = fPrev, b = bPrev;
        for (int level = 0; level <= nLevels; level++) {
            int w = (int) Math.rint(Math.pow(w0, (double) level / nLevels));
            int h = (int) Math.rint(Math.pow(h0, (double) level / nLevels));
            float[] img = resizeNearest(img0, w0, h0, w, h, 3);
            float[] a = resizeNearest(a0, w0, h0, w, h, 1);
            f = resizeNearest(fPrev, wPrev, hPrev, w, h, 3);
            b = resizeNearest(bPrev, wPrev, hPrev, w, h, 3);
            int iterations = w <= o.smallSize() && h <= o.smallSize() ? o.nSmallIterations() : o.nBigIterations();
            for (int it = 0; it < iterations; it++) {
                if (known == null) sweep(img, a, f, b, w, h, o);
                else sweepKnownBackground(img, a, f, known, w, h, o);
            }
            fPrev = f;
            bPrev = b;
            wPrev = w;
            hPrev = h;
        }
        return new Result(new RgbImage(w0, h0, f), new RgbImage(w0, h0, b));
    }

    /** Nearest-neighbour resize as pymatting's {@code _resize_nearest}: src = min(size_src - 1, dst * size_src / size_dst). */
    static float[] resizeNearest(float[] src, int ws, int hs, int wd, int hd, int depth) {
        if (ws == wd && hs == hd) return src.clone();
        float[] dst = new float[wd * hd * depth];
        for (int y = 0; y < hd; y++) {
            int ys = Math.min(hs - 1, (int) ((long) y * hs / hd));
            for (int x = 0; x < wd; x++) {
                int xs = Math.min(ws - 1, (int) ((long) x * ws / wd));
                System.arraycopy(src, (ys * ws + xs) * depth, dst, (y * wd + x) * depth, depth);
            }
        }
        return dst;
    }

    /** One Gauss-Seidel sweep over the 2x2 (F, B) systems, in place. */
    private static void sweep(float[] img, float[] a, float[] f, float[] b, int w, int h, Options o) {
        double eps = o.regularization(), omega = o.gradientWeight();
        int[] nb = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                neighbours(x, y, w, h, nb);
                double ai = a[i], ci = 1.0 - ai;
                double a00 = ai * ai, a01 = ai * ci, a11 = ci * ci;
                double f0 = ai * img[i * 3], f1 = ai * img[i * 3 + 1], f2 = ai * img[i * 3 + 2];
                double b0 = ci * img[i * 3], b1 = ci * img[i * 3 + 1], b2 = ci * img[i * 3 + 2];
                for (int j : nb) {
                    double da = eps + omega * Math.abs(ai - a[j]);
                    a00 += da;
                    a11 += da;
                    f0 += da * f[j * 3];
                    f1 += da * f[j * 3 + 1];
                    f2 += da * f[j * 3 + 2];
                    b0 += da * b[j * 3];
                    b1 += da * b[j * 3 + 1];
                    b2 += da * b[j * 3 + 2];
                }
                double inv = 1.0 / (a00 * a11 - a01 * a01);
                double m00 = inv * a11, m01 = -inv * a01, m11 = inv * a00;
                f[i * 3] = clamp01(m00 * f0 + m01 * b0);
                f[i * 3 + 1] = clamp01(m00 * f1 + m01 * b1);
                f[i * 3 + 2] = clamp01(m00 * f2 + m01 * b2);
                b[i * 3] = clamp01(m01 * f0 + m11 * b0);
                b[i * 3 + 1] = clamp01(m01 * f1 + m11 * b1);
                b[i * 3 + 2] = clamp01(m01 * f2 + m11 * b2);
            }
        }
    }

    /** One sweep with B fixed to {@code bg}: F_i = (a (I_i - (1-a) bg) + sum w_j F_j) / (a^2 + S). */
    private static void sweepKnownBackground(float[] img, float[] a, float[] f, float[] bg, int w, int h, Options o) {
        double eps = o.regularization(), omega = o.gradientWeight();
        int[] nb = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                neighbours(x, y, w, h, nb);
                double ai = a[i], ci = 1.0 - ai;
                double den = ai * ai;
                double f0 = ai * (img[i * 3] - ci * bg[0]);
                double f1 = ai * (img[i * 3 + 1] - ci * bg[1]);
                double f2 = ai * (img[i * 3 + 2] - ci * bg[2]);
                for (int j : nb) {
                    double da = eps + omega * Math.abs(ai - a[j]);
                    den += da;
                    f0 += da * f[j * 3];
                    f1 += da * f[j * 3 + 1];
                    f2 += da * f[j * 3 + 2];
                }
                f[i * 3] = clamp01(f0 / den);
                f[i * 3 + 1] = clamp01(f1 / den);
                f[i * 3 + 2] = clamp01(f2 / den);
            }
        }
    }

    /** Left, right, up, down, clamped to the image (a border pixel is its own neighbour). */
    private static void neighbours(int x, int y, int w, int h, int[] nb) {
        nb[0] = y * w + Math.max(0, x - 1);
        nb[1] = y * w + Math.min(w - 1, x + 1);
        nb[2] = Math.max(0, y - 1) * w + x;
        nb[3] = Math.min(h - 1, y + 1) * w + x;
    }

    private static float clamp01(double v) {
        return (float) Math.max(0.0, Math.min(1.0, v));
    }
}
