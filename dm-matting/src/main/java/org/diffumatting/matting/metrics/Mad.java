package org.diffumatting.matting.metrics;

/**
 * MAD, the mean absolute difference: whole-image mean (GFM/P3M) or sum of |p - g| over the unknown mask U
 * divided by |U| (the DIM-convention analogue of MSE; the DIM MATLAB code has no MAD, so this choice follows
 * MSE's normalisation). An empty region gives NaN (see {@link MattingScores}).
 */
public final class Mad {
    private Mad() {}

    /** sum_x |p(x) - g(x)| / (H*W). */
    public static double wholeImage(double[] p, double[] g) {
        return sumAbs(p, g) / p.length;
    }

    /** sum_x |p(x) - g(x)| U(x) / |U|; NaN if U is empty. */
    public static double inRegion(double[] p, double[] g, boolean[] region) {
        double s = 0;
        long n = 0;
        for (int i = 0; i < p.length; i++) {
            if (region[i]) {
                s += Math.abs(p[i] - g[i]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** sum_x |p(x) - g(x)| over all pixels. */
    public static double sumAbs(double[] p, double[] g) {
        double s = 0;
        for (int i = 0; i < p.length; i++) s += Math.abs(p[i] - g[i]);
        return s;
    }
}
