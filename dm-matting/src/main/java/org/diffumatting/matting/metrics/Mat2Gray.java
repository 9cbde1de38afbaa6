package org.diffumatting.matting.metrics;

/**
 * MATLAB {@code mat2gray(A)}: (A - min A) / (max A - min A), clipped to [0, 1]; a constant image (max == min)
 * is only clipped to [0, 1] (MathWorks mat2gray.m, "Constant Image" branch). The DIM Grad metric normalises
 * prediction and ground truth this way before differentiating.
 */
public final class Mat2Gray {
    private Mat2Gray() {}

    /** A new array [H*W] with the normalised values. */
    public static double[] apply(double[] a) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        double[] out = new double[a.length];
        if (hi == lo) {
            for (int i = 0; i < a.length; i++) out[i] = clip(a[i]);
        } else {
            double range = hi - lo;
            for (int i = 0; i < a.length; i++) out[i] = clip((a[i] - lo) / range);
        }
        return out;
    }

    private static double clip(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
