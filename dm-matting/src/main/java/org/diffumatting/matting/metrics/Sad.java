package org.diffumatting.matting.metrics;

/**
 * SAD, the sum of absolute differences, divided by 1000 (both conventions; DIM MATLAB compute_sad_loss.m and
 * GFM/P3M calculate_sad_mse_mad_whole_img). The region is the whole image or the unknown mask U.
 */
public final class Sad {
    private Sad() {}

    /** sum_x |p(x) - g(x)| / 1000 over all pixels; p, g: [H*W] row-major. */
    public static double wholeImage(double[] p, double[] g) {
        double s = 0;
        for (int i = 0; i < p.length; i++) s += Math.abs(p[i] - g[i]);
        return s / 1000.0;
    }

    /** sum_x |p(x) - g(x)| U(x) / 1000; 0 when U is empty. */
    public static double inRegion(double[] p, double[] g, boolean[] region) {
        double s = 0;
        for (int i = 0; i < p.length; i++) if (region[i]) s += Math.abs(p[i] - g[i]);
        return s / 1000.0;
    }
}
