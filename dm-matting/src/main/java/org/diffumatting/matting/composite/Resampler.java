package org.diffumatting.matting.composite;

import org.diffumatting.matting.RgbImage;

/**
 * Scale-crop-flip of an RGB image in one separable pass with a triangle (tent) filter, antialiased when
 * shrinking (the filter widens to 1/scale source pixels, as PIL's BILINEAR resize with reducing support).
 *
 * <p>Geometry: the source (w x h) is scaled by (sx, sy) to a virtual image of W' = w sx by H' = h sy pixels,
 * optionally mirrored left-right, and the window [x0, x0 + outW) x [y0, y0 + outH) of that virtual image is returned.
 * Output pixel x samples the source at the continuous coordinate c = p / sx with p = x0 + x + 0.5 (or
 * p = W' - (x0 + x + 0.5) when mirrored); pixel j of the source has its centre at j + 0.5 and weight
 * max(0, 1 - |j + 0.5 - c| / s) with support s = max(1, 1/sx); weights are normalised, pixels outside the source
 * are skipped (edge renormalisation).
 */
public final class Resampler {
    private Resampler() {}

    /** Returns the {@code outW x outH} window at (x0, y0) of {@code src} scaled by (sx, sy) and optionally mirrored. */
    public static RgbImage scaleCrop(RgbImage src, double sx, double sy, int x0, int y0, int outW, int outH, boolean mirror) {
        if (!(sx > 0 && sy > 0)) throw new IllegalArgumentException("scale must be positive: " + sx + ", " + sy);
        Taps cols = taps(src.width(), sx, x0, outW, mirror);
        Taps rows = taps(src.height(), sy, y0, outH, false);
        int firstRow = Integer.MAX_VALUE, lastRow = -1;
        for (int y = 0; y < outH; y++) {
            firstRow = Math.min(firstRow, rows.start[y]);
            lastRow = Math.max(lastRow, rows.start[y] + rows.weights[y].length - 1);
        }
        int w = src.width();
        float[] s = src.data();
        int nRows = lastRow - firstRow + 1;
        float[] tmp = new float[nRows * outW * 3]; // [rows firstRow..lastRow, outW, 3] after the horizontal pass
        for (int r = 0; r < nRows; r++) {
            int srcRow = (firstRow + r) * w;
            for (int x = 0; x < outW; x++) {
                double c0 = 0, c1 = 0, c2 = 0;
                float[] wt = cols.weights[x];
                int j0 = cols.start[x];
                for (int k = 0; k < wt.length; k++) {
                    int p = (srcRow + j0 + k) * 3;
                    c0 += wt[k] * s[p];
                    c1 += wt[k] * s[p + 1];
                    c2 += wt[k] * s[p + 2];
                }
                int q = (r * outW + x) * 3;
                tmp[q] = (float) c0;
                tmp[q + 1] = (float) c1;
                tmp[q + 2] = (float) c2;
            }
        }
        float[] out = new float[outW * outH * 3];
        for (int y = 0; y < outH; y++) {
            float[] wt = rows.weights[y];
            int r0 = rows.start[y] - firstRow;
            for (int x = 0; x < outW; x++) {
                double c0 = 0, c1 = 0, c2 = 0;
                for (int k = 0; k < wt.length; k++) {
                    int p = ((r0 + k) * outW + x) * 3;
                    c0 += wt[k] * tmp[p];
                    c1 += wt[k] * tmp[p + 1];
                    c2 += wt[k] * tmp[p + 2];
                }
                int q = (y * outW + x) * 3;
                out[q] = clamp01(c0);
                out[q + 1] = clamp01(c1);
                out[q + 2] = clamp01(c2);
            }
        }
        return new RgbImage(outW, outH, out);
    }

    /** Resize to exactly {@code outW x outH} (aspect not kept). */
    public static RgbImage resize(RgbImage src, int outW, int outH) {
        return scaleCrop(src, (double) outW / src.width(), (double) outH / src.height(), 0, 0, outW, outH, false);
    }

    /** Filter taps of one axis: for output i, weights[i] apply to source pixels start[i] .. start[i] + len - 1. */
    private record Taps(int[] start, float[][] weights) {}

    private static Taps taps(int n, double scale, int offset, int outN, boolean mirror) {
        double support = Math.max(1.0, 1.0 / scale);
        double virtual = n * scale;
        int[] start = new int[outN];
        float[][] weights = new float[outN][];
        for (int i = 0; i < outN; i++) {
            double p = offset + i + 0.5;
            if (mirror) p = virtual - p;
            double c = p / scale;
            int lo = Math.max(0, (int) Math.floor(c - support - 0.5));
            int hi = Math.min(n - 1, (int) Math.ceil(c + support - 0.5));
            double[] w = new double[hi - lo + 1];
            double sum = 0;
            for (int j = lo; j <= hi; j++) {
                double v = Math.max(0.0, 1.0 - Math.abs(j + 0.5 - c) / support);
                w[j - lo] = v;
                sum += v;
            }
            if (sum <= 0) { // c outside the source (cannot happen for in-range windows): nearest edge pixel
                int j = Math.max(0, Math.min(n - 1, (int) Math.floor(c)));
                start[i] = j;
                weights[i] = new float[] {1f};
                continue;
            }
            float[] f = new float[w.length];
            for (int k = 0; k < w.length; k++) f[k] = (float) (w[k] / sum);
            start[i] = lo;
            weights[i] = f;
        }
        return new Taps(start, weights);
    }

    private static float clamp01(double v) {
        return (float) Math.max(0.0, Math.min(1.0, v));
    }
}
