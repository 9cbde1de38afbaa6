package org.diffumatting.schedulers;

/**
 * The few numpy grid functions diffusers' schedulers are written with, reproduced with numpy's exact
 * arithmetic so that timesteps and sigmas match diffusers to the last bit where it matters (rounding of
 * timesteps). Package-private helpers; every method names its numpy counterpart.
 */
final class Grid {
    private Grid() {}

    /** {@code np.linspace(start, stop, num)} (endpoint included): y_i = i * step + start, y_{num-1} = stop. */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        if (num == 0) return y;
        if (num == 1) {
            y[0] = start;
            return y;
        }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) y[i] = i * step + start;
        y[num - 1] = stop;
        return y;
    }

    /**
     * {@code np.round(np.arange(start, 0, -ratio))} as diffusers' "trailing" spacing calls it, with the
     * element count ceil(start / ratio) computed with a 1e-9 guard: for some n (61, 103, ...) numpy's
     * floating-point count gives n + 1 elements, the last of which becomes timestep -1 in diffusers;
     * this port returns the intended n elements.
     */
    static double[] roundedDescendingArange(double start, double ratio) {
        int count = (int) Math.ceil(start / ratio - 1e-9);
        double[] y = new double[Math.max(count, 0)];
        for (int i = 0; i < y.length; i++) y[i] = Math.rint(start + i * -ratio);
        return y;
    }

    /** {@code np.interp(x, np.arange(len(fp)), fp)}: piecewise-linear, clamped to fp[0] / fp[last] outside. */
    static double interp(double x, double[] fp) {
        int last = fp.length - 1;
        if (!(x > 0)) return fp[0];
        if (x >= last) return fp[last];
        int j = (int) Math.floor(x);
        double slope = fp[j + 1] - fp[j];
        return slope * (x - j) + fp[j];
    }

    /** Reverses an array in place and returns it ({@code [::-1]}). */
    static double[] reverse(double[] a) {
        for (int i = 0, k = a.length - 1; i < k; i++, k--) {
            double t = a[i];
            a[i] = a[k];
            a[k] = t;
        }
        return a;
    }
}
