package org.diffumatting.matting.metrics;

/**
 * MSE, the mean squared error: whole-image mean (GFM/P3M) or sum over the unknown mask U divided by |U|
 * (DIM MATLAB compute_mse_loss.m). An empty region gives NaN (0/0 in the original code; see {@link MattingScores}).
 */
public final class Mse {
    private Mse() {}

    /** sum_x (p(x) - g(x))^2 / (H*W). */
    public static double wholeImage(double[] p, double[] g) {
        return sumSquares(p, g) / p.length;
    }

    /** sum_x (p(x) - g(x))^2 U(x) / |U|; NaN if U is empty. */
    public static double inRegion(double[] p, double[] g, boolean[] region) {
        double s = 0;
        long n = 0;
        for (int i = 0; i < p.length; i++) {
            if (region[i]) {
                double d = p[i] - g[i];
                s += d * d;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** sum_x (p(x) - g(x))^2 over all pixels (used by the P3M trimap variant, divided by |U| there). */
    public static double sumSquares(double[] p, double[] g) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - g[i];
            s += d * d;
        }
        return s;
    }
}
