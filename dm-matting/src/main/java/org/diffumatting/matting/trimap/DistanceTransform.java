package org.diffumatting.matting.trimap;

/**
 * Exact distance transforms of binary masks, used for morphology with large structuring elements in
 * O(width * height) time whatever the radius.
 *
 * <ul>
 *   <li>{@link #squaredEuclidean}: Felzenszwalb and Huttenlocher, "Distance Transforms of Sampled Functions",
 *       Theory of Computing 8 (2012), section 2.1 (lower envelope of parabolas), applied to rows then columns;</li>
 *   <li>{@link #dilateSquare}: dilation by a (2r+1) x (2r+1) square, separable into a row and a column pass.</li>
 * </ul>
 * Masks are row-major {@code boolean[height * width]}. Only pixels inside the image count: the outside of the
 * image is neither in the mask nor in its complement.
 */
public final class DistanceTransform {
    private DistanceTransform() {}

    /** Stands for "no mask pixel anywhere" (larger than any squared distance of an image that fits in memory). */
    public static final double INF = 1e20;

    /**
     * Squared Euclidean distance from every pixel to the nearest pixel where {@code mask} is true
     * (0 on the mask; {@link #INF} everywhere when the mask is empty). Output {@code double[height * width]}.
     */
    public static double[] squaredEuclidean(boolean[] mask, int width, int height) {
        // pass 1 along rows of the mask, written transposed ([width, height]) so that pass 2 also runs along
        // contiguous memory; pass 2 transposes back to [height, width]
        int n = Math.max(width, height);
        double[] f = new double[n];
        double[] out = new double[n];
        int[] v = new int[n];
        double[] z = new double[n + 1];
        double[] t = new double[width * height]; // [width, height]
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) f[x] = mask[y * width + x] ? 0 : INF;
            transform1d(f, width, out, v, z);
            for (int x = 0; x < width; x++) t[x * height + y] = out[x];
        }
        double[] d = new double[width * height]; // [height, width]
        for (int x = 0; x < width; x++) {
            System.arraycopy(t, x * height, f, 0, height);
            transform1d(f, height, out, v, z);
            for (int y = 0; y < height; y++) d[y * width + x] = out[y];
        }
        return d;
    }

    /**
     * One-dimensional squared distance transform {@code out[q] = min_p ((q - p)^2 + f[p])} (F&H 2012, algorithm
     * DT(f)): v holds the parabola vertices of the lower envelope, z the boundaries between them.
     */
    private static void transform1d(double[] f, int n, double[] out, int[] v, double[] z) {
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] >= INF) continue; // parabolas of "infinite" height never join the envelope
            if (k < 0) {
                k = 0;
                v[0] = q;
                z[0] = Double.NEGATIVE_INFINITY;
                z[1] = Double.POSITIVE_INFINITY;
                continue;
            }
            double s;
            while (true) { // z[0] = -infinity stops the loop at k = 0
                int p = v[k];
                s = ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * (q - p));
                if (s > z[k]) break;
                k--;
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        if (k < 0) {
            for (int q = 0; q < n; q++) out[q] = INF;
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++) {
            while (z[j + 1] < q) j++;
            double dq = q - v[j];
            out[q] = dq * dq + f[v[j]];
        }
    }

    /** Dilation of {@code mask} by the square {@code |dx| <= r, |dy| <= r} (Chebyshev distance <= r). */
    public static boolean[] dilateSquare(boolean[] mask, int width, int height, int r) {
        boolean[] rows = new boolean[mask.length];
        int[] dist = new int[Math.max(width, height)];
        boolean[] line = new boolean[Math.max(width, height)];
        for (int y = 0; y < height; y++) {
            System.arraycopy(mask, y * width, line, 0, width);
            nearest1d(line, width, dist);
            for (int x = 0; x < width; x++) rows[y * width + x] = dist[x] <= r;
        }
        boolean[] out = new boolean[mask.length];
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) line[y] = rows[y * width + x];
            nearest1d(line, height, dist);
            for (int y = 0; y < height; y++) out[y * width + x] = dist[y] <= r;
        }
        return out;
    }

    /** dist[i] = |i - j| for the nearest j with line[j] (Integer.MAX_VALUE when none): two passes. */
    private static void nearest1d(boolean[] line, int n, int[] dist) {
        int last = -1;
        for (int i = 0; i < n; i++) {
            if (line[i]) last = i;
            dist[i] = last < 0 ? Integer.MAX_VALUE : i - last;
        }
        last = -1;
        for (int i = n - 1; i >= 0; i--) {
            if (line[i]) last = i;
            if (last >= 0) dist[i] = Math.min(dist[i], last - i);
        }
    }
}
