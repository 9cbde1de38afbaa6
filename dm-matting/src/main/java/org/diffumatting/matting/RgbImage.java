package org.diffumatting.matting;

import java.util.Arrays;

/**
 * An RGB image with float channels in [0, 1] (sRGB-encoded values as stored in the file),
 * interleaved row-major: {@code data[(y * width + x) * 3 + c]}, c = 0 red, 1 green, 2 blue.
 */
public record RgbImage(int width, int height, float[] data) {
    public RgbImage {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        if (data.length != (long) width * height * 3)
            throw new IllegalArgumentException("image data length " + data.length + " != " + width + "x" + height + "x3");
    }

    public static RgbImage zeros(int width, int height) {
        return new RgbImage(width, height, new float[width * height * 3]);
    }

    /** A constant-colour image, e.g. the pure green canvas {@code filled(w, h, 0, 1, 0)}. */
    public static RgbImage filled(int width, int height, float r, float g, float b) {
        float[] d = new float[width * height * 3];
        for (int i = 0; i < d.length; i += 3) {
            d[i] = r;
            d[i + 1] = g;
            d[i + 2] = b;
        }
        return new RgbImage(width, height, d);
    }

    public float get(int x, int y, int c) {
        return data[(y * width + x) * 3 + c];
    }

    public void set(int x, int y, int c, float v) {
        data[(y * width + x) * 3 + c] = v;
    }

    public boolean sameSize(AlphaMap a) {
        return width == a.width() && height == a.height();
    }

    public boolean sameSize(RgbImage o) {
        return width == o.width && height == o.height;
    }

    public RgbImage copy() {
        return new RgbImage(width, height, data.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage a && a.width == width && a.height == height && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
