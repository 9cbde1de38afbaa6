package org.diffumatting.matting.metrics;

/**
 * A separable Gaussian-derivative filter pair for the matting Grad metric, as convolution kernels indexed by
 * offset j = -radius..radius (array index j + radius): the x-derivative image is (derivative along x) then
 * (smoothing along y), the y-derivative image is (smoothing along x) then (derivative along y); both are
 * convolutions out(i) = sum_j k(j) in(i - j) with the given border rule. The smoothing kernel is symmetric,
 * the derivative kernel antisymmetric (k(-j) = -k(j)), which {@link GradientMagnitude} relies on.
 *
 * @param smooth     [2r+1] smoothing kernel
 * @param derivative [2r+1] first-derivative kernel
 * @param border     border rule of both passes
 */
public record GradientKernels(double[] smooth, double[] derivative, BorderMode border) {

    public GradientKernels {
        if (smooth.length != derivative.length || smooth.length % 2 == 0)
            throw new IllegalArgumentException("kernels must have the same odd length");
    }

    public int radius() {
        return smooth.length / 2;
    }

    /**
     * MATLAB gaussgradient.m (used by the DIM evaluation code) with sigma 1.4. Half size
     * ceil(sigma sqrt(-2 ln(sqrt(2 pi) sigma eps))), eps = 0.01 (4 for sigma 1.4: a 9x9 kernel);
     * hx(i,j) = gauss(u_i) dgauss(u_j), gauss(x) = exp(-x^2/(2 s^2))/(s sqrt(2 pi)), dgauss(x) = -x gauss(x)/s^2,
     * hx divided by its L2 norm, hy = hx'; applied by imfilter(..., 'replicate', 'conv'). hx is the outer
     * product of gauss (along y) and dgauss (along x), and its L2 norm is |gauss|_2 |dgauss|_2, so the 2-D
     * kernel splits into the two 1-D kernels returned here, each divided by its own L2 norm.
     */
    public static GradientKernels matlabGaussGradient(double sigma) {
        double eps = 1e-2;
        int half = (int) Math.ceil(sigma * Math.sqrt(-2 * Math.log(Math.sqrt(2 * Math.PI) * sigma * eps)));
        double[] g = new double[2 * half + 1];
        double[] dg = new double[2 * half + 1];
        double ng = 0, ndg = 0;
        for (int j = -half; j <= half; j++) {
            double gauss = Math.exp(-(double) j * j / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
            g[j + half] = gauss;
            dg[j + half] = -j * gauss / (sigma * sigma);
            ng += gauss * gauss;
            ndg += dg[j + half] * dg[j + half];
        }
        ng = Math.sqrt(ng);
        ndg = Math.sqrt(ndg);
        for (int k = 0; k < g.length; k++) {
            g[k] /= ng;
            dg[k] /= ndg;
        }
        return new GradientKernels(g, dg, BorderMode.REPLICATE);
    }

    /**
     * scipy.ndimage.gaussian_filter(input, sigma, order=1 on one axis) semantics (used by the GFM/P3M code):
     * radius = int(truncate * sigma + 0.5) (6 for sigma 1.4, truncate 4); phi(x) = exp(-x^2 / (2 sigma^2))
     * normalised to sum 1; the order-1 kernel is -x / sigma^2 phi(x) (scipy _gaussian_kernel1d);
     * gaussian_filter1d correlates with the reversed kernel, i.e. convolves with it; mode 'reflect'.
     */
    public static GradientKernels scipyGaussian(double sigma, double truncate) {
        int radius = (int) (truncate * sigma + 0.5);
        double[] phi = new double[2 * radius + 1];
        double sum = 0;
        for (int x = -radius; x <= radius; x++) {
            phi[x + radius] = Math.exp(-0.5 / (sigma * sigma) * x * x);
            sum += phi[x + radius];
        }
        double[] d = new double[phi.length];
        for (int x = -radius; x <= radius; x++) {
            phi[x + radius] /= sum;
            d[x + radius] = -x / (sigma * sigma) * phi[x + radius];
        }
        return new GradientKernels(phi, d, BorderMode.REFLECT);
    }
}
