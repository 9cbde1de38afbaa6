package org.diffumatting.matting.metrics;

/**
 * The matting Grad metric in its two conventions (docs/METRICS.md).
 * <ul>
 *   <li>DIM (MATLAB compute_gradient_loss.m): p, g := mat2gray(p), mat2gray(g); gradients by gaussgradient(1.4)
 *       (imfilter 'replicate', 'conv'); Grad = sum over U of (|grad p| - |grad g|)^2 / 1000.</li>
 *   <li>Whole image (GFM/P3M compute_gradient_whole_image): scipy gaussian_filter(sigma 1.4, order 1 along each
 *       axis, truncate 4, mode 'reflect'), no normalisation; Grad = sum over all pixels / 10.</li>
 * </ul>
 */
public final class GradientError {
    private GradientError() {}

    /** Filter pair of the DIM convention. */
    public static final GradientKernels DIM_KERNELS = GradientKernels.matlabGaussGradient(1.4);
    /** Filter pair of the whole-image convention. */
    public static final GradientKernels WHOLE_KERNELS = GradientKernels.scipyGaussian(1.4, 4.0);

    /** DIM Grad over the unknown mask; p, g, unknown: [H*W]. 0 when the mask is empty. */
    public static double dim(double[] p, double[] g, int width, int height, boolean[] unknown) {
        double[] pn = Mat2Gray.apply(p);
        double[] gn = Mat2Gray.apply(g);
        return GradientMagnitude.squaredDifferenceSum(pn, gn, width, height, DIM_KERNELS, unknown) / 1000.0;
    }

    /** Whole-image Grad (GFM/P3M scale, / 10). */
    public static double wholeImage(double[] p, double[] g, int width, int height) {
        return GradientMagnitude.squaredDifferenceSum(p, g, width, height, WHOLE_KERNELS, null) / 10.0;
    }
}
