package org.diffumatting.matting;

import java.util.Arrays;

/**
 * An alpha matte: {@code height x width} values in [0, 1], row-major ({@code data[y * width + x]}).
 * Stored in double precision because the matting metrics are defined in double precision and
 * 8-bit alphas k/255 must compare against thresholds exactly as numpy does (see METRICS.md).
 */
public record AlphaMap(int width, int height, double[] data) {
    public AlphaMap {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("alpha size must be positive: " + width + "x" + height);
        if (data.length != (long) width * height)
            throw new IllegalArgumentException("alpha data length " + data.length + " != " + width + "x" + height);
    }

    /** A new all-zero matte. */
    public static AlphaMap zeros(int width, int height) {
        return new AlphaMap(width, height, new double[width * height]);
    }

    public double get(int x, int y) {
        return data[y * width + x];
    }

    public void set(int x, int y, double v) {
        data[y * width + x] = v;
    }

    public int size() {
        return data.length;
    }

    public boolean sameSize(AlphaMap other) {
        return width == other.width && height == other.height;
    }

    public AlphaMap copy() {
        return new AlphaMap(width, height, data.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlphaMap a && a.width == width && a.height == height && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "AlphaMap[" + width + "x" + height + "]";
    }
}
