package org.diffumatting.matting.metrics;

/** How a convolution reads pixels outside the image (index i on an axis of length n). */
public enum BorderMode {
    /** MATLAB imfilter 'replicate': the edge pixel repeats (a a a | a b c d | d d d). */
    REPLICATE {
        @Override
        public int map(int i, int n) {
            return i < 0 ? 0 : (i >= n ? n - 1 : i);
        }
    },
    /**
     * scipy.ndimage mode 'reflect' (half-sample symmetric: d c b a | a b c d | d c b a), repeated as often as
     * needed when the kernel is wider than the image (period 2n).
     */
    REFLECT {
        @Override
        public int map(int i, int n) {
            int period = 2 * n;
            int m = i % period;
            if (m < 0) m += period;
            return m < n ? m : period - 1 - m;
        }
    };

    /** The in-image index read for index i (may be outside [0, n)). */
    public abstract int map(int i, int n);
}
