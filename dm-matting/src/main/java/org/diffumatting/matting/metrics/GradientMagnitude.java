package org.diffumatting.matting.metrics;

import java.util.stream.IntStream;

/**
 * Gradient magnitude |grad a| = sqrt(gx^2 + gy^2) of an image a [H*W] under a separable
 * {@link GradientKernels} pair, and the Grad-metric sum of (|grad p| - |grad g|)^2.
 *
 * <p>Algorithm: the image is cut into bands of {@value #BAND_ROWS} output rows processed in parallel. For a band
 * [y0, y1) the horizontal pass filters the source rows y0 - r .. y1 - 1 + r (mapped through the border rule) into
 * S (smoothed along x) and D (differentiated along x); the vertical pass then gives gx = smooth_y(D) and
 * gy = deriv_y(S) row by row. Convolution out(i) = sum_j k(j) in(i - j) is evaluated as a correlation with the
 * flipped kernel kf(m) = k(r - m), using kf(m) = kf(2r - m) for the smoothing and kf(m) = -kf(2r - m) for the
 * derivative kernel to halve the multiplications; inner loops run over contiguous x so the JIT can vectorise.
 * Band partial sums are added in band order, so results do not depend on the thread count.
 */
public final class GradientMagnitude {
    private GradientMagnitude() {}

    /** Output rows per parallel band. */
    static final int BAND_ROWS = 64;

    /** |grad a| for every pixel, [H*W] row-major. */
    public static double[] magnitude(double[] a, int width, int height, GradientKernels k) {
        double[] out = new double[a.length];
        int bands = (height + BAND_ROWS - 1) / BAND_ROWS;
        IntStream.range(0, bands).parallel().forEach(b -> {
            int y0 = b * BAND_ROWS, y1 = Math.min(height, y0 + BAND_ROWS);
            Band band = new Band(width, height, y1 - y0, k);
            band.magnitudeRows(a, y0, y1, out, y0 * width);
        });
        return out;
    }

    /**
     * sum over pixels x (in {@code region} if not null) of (|grad p|(x) - |grad g|(x))^2, without storing the
     * full magnitude images; bands without a region pixel are not filtered at all.
     */
    public static double squaredDifferenceSum(double[] p, double[] g, int width, int height, GradientKernels k,
                                              boolean[] region) {
        int bands = (height + BAND_ROWS - 1) / BAND_ROWS;
        double[] partial = new double[bands];
        IntStream.range(0, bands).parallel().forEach(b -> {
            int y0 = b * BAND_ROWS, y1 = Math.min(height, y0 + BAND_ROWS);
            if (region != null && !any(region, y0 * width, y1 * width)) return; // nothing counted in this band
            Band band = new Band(width, height, y1 - y0, k);
            int n = (y1 - y0) * width;
            double[] mp = new double[n];
            double[] mg = new double[n];
            band.magnitudeRows(p, y0, y1, mp, 0);
            band.magnitudeRows(g, y0, y1, mg, 0);
            int base = y0 * width;
            double s = 0;
            if (region == null) {
                for (int i = 0; i < n; i++) {
                    double d = mp[i] - mg[i];
                    s += d * d;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    if (region[base + i]) {
                        double d = mp[i] - mg[i];
                        s += d * d;
                    }
                }
            }
            partial[b] = s;
        });
        double total = 0;
        for (double s : partial) total += s;
        return total;
    }

    private static boolean any(boolean[] mask, int from, int to) {
        for (int i = from; i < to; i++) if (mask[i]) return true;
        return false;
    }

    /** Scratch buffers and the two passes for one band of rows. */
    private static final class Band {
        final int w, h, r;
        final BorderMode border;
        final double[] kfS, kfD; // flipped kernels [2r+1]
        final double[] pad; // [w + 2r] one source row with border
        final double[] s, d; // [(rows + 2r) * w] horizontal results
        final double[] gx, gy; // [w]

        Band(int w, int h, int rows, GradientKernels k) {
            this.w = w;
            this.h = h;
            this.r = k.radius();
            this.border = k.border();
            int len = 2 * r + 1;
            kfS = new double[len];
            kfD = new double[len];
            for (int m = 0; m < len; m++) {
                kfS[m] = k.smooth()[len - 1 - m];
                kfD[m] = k.derivative()[len - 1 - m];
            }
            pad = new double[w + 2 * r];
            s = new double[(rows + 2 * r) * w];
            d = new double[(rows + 2 * r) * w];
            gx = new double[w];
            gy = new double[w];
        }

        /** Writes |grad a| of rows [y0, y1) into out[off ..]. */
        void magnitudeRows(double[] a, int y0, int y1, double[] out, int off) {
            int ext = (y1 - y0) + 2 * r;
            for (int e = 0; e < ext; e++) horizontal(a, border.map(y0 - r + e, h), e * w);
            for (int y = y0; y < y1; y++) {
                vertical(y - y0);
                int o = off + (y - y0) * w;
                for (int x = 0; x < w; x++) out[o + x] = Math.sqrt(gx[x] * gx[x] + gy[x] * gy[x]);
            }
        }

        /** S and D of source row sy into s[o..o+w), d[o..o+w). */
        private void horizontal(double[] a, int sy, int o) {
            int row = sy * w;
            System.arraycopy(a, row, pad, r, w);
            for (int q = 0; q < r; q++) {
                pad[q] = a[row + border.map(q - r, w)];
                pad[w + r + q] = a[row + border.map(w + q, w)];
            }
            double c = kfS[r];
            for (int x = 0; x < w; x++) {
                s[o + x] = c * pad[x + r];
                d[o + x] = 0.0;
            }
            for (int m = 0; m < r; m++) {
                double ks = kfS[m], kd = kfD[m];
                int far = 2 * r - m;
                for (int x = 0; x < w; x++) {
                    double lo = pad[x + m], hi = pad[x + far];
                    s[o + x] += ks * (lo + hi);
                    d[o + x] += kd * (lo - hi);
                }
            }
        }

        /** gx = smooth_y(D), gy = deriv_y(S) for local output row ly (ext rows ly .. ly + 2r). */
        private void vertical(int ly) {
            double c = kfS[r];
            int mid = (ly + r) * w;
            for (int x = 0; x < w; x++) {
                gx[x] = c * d[mid + x];
                gy[x] = 0.0;
            }
            for (int m = 0; m < r; m++) {
                double ks = kfS[m], kd = kfD[m];
                int lo = (ly + m) * w, hi = (ly + 2 * r - m) * w;
                for (int x = 0; x < w; x++) {
                    gx[x] += ks * (d[lo + x] + d[hi + x]);
                    gy[x] += kd * (s[lo + x] - s[hi + x]);
                }
            }
        }
    }
}
