package org.diffumatting.data.image;

import java.awt.image.BufferedImage;

/**
 * An RGBA image with <b>premultiplied</b> float channels in [0, 1], interleaved row-major:
 * {@code p[(y * width + x) * 4 + c]}, c = 0..2 premultiplied R, G, B (sRGB-encoded values times
 * alpha), c = 3 alpha. Premultiplied storage makes resampling and over-compositing exact sums.
 */
public record RgbaImage(int width, int height, float[] p) {
    public RgbaImage {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        if (p.length != width * height * 4) throw new IllegalArgumentException("data length " + p.length + " != " + width + "x" + height + "x4");
    }

    public static RgbaImage transparent(int width, int height) {
        return new RgbaImage(width, height, new float[width * height * 4]);
    }

    public float alpha(int x, int y) {
        return p[(y * width + x) * 4 + 3];
    }

    /** Straight (un-premultiplied) 8-bit ARGB from any BufferedImage, premultiplied into floats. */
    public static RgbaImage fromBufferedImage(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] p = new float[w * h * 4];
        for (int i = 0; i < argb.length; i++) {
            int v = argb[i];
            float a = ((v >>> 24) & 255) / 255f;
            p[i * 4] = ((v >>> 16) & 255) / 255f * a;
            p[i * 4 + 1] = ((v >>> 8) & 255) / 255f * a;
            p[i * 4 + 2] = (v & 255) / 255f * a;
            p[i * 4 + 3] = a;
        }
        return new RgbaImage(w, h, p);
    }

    /** 8-bit straight-alpha ARGB image (colour of fully transparent pixels is 0). */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            float a = p[i * 4 + 3];
            int a8 = Quantize.to8(a);
            if (a8 == 0) continue;
            int r = Quantize.to8(p[i * 4] / a), g = Quantize.to8(p[i * 4 + 1] / a), b = Quantize.to8(p[i * 4 + 2] / a);
            argb[i] = (a8 << 24) | (r << 16) | (g << 8) | b;
        }
        img.setRGB(0, 0, width, height, argb, 0, width);
        return img;
    }

    /** Bounding box {x0, y0, x1, y1} (exclusive ends) of pixels with alpha above {@code threshold}, or null if none. */
    public int[] alphaBox(float threshold) {
        int x0 = width, y0 = height, x1 = -1, y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (p[(y * width + x) * 4 + 3] > threshold) {
                    if (x < x0) x0 = x;
                    if (x > x1) x1 = x;
                    if (y < y0) y0 = y;
                    if (y > y1) y1 = y;
                }
            }
        }
        return x1 < 0 ? null : new int[] {x0, y0, x1 + 1, y1 + 1};
    }

    public RgbaImage crop(int x0, int y0, int x1, int y1) {
        int w = x1 - x0, h = y1 - y0;
        float[] q = new float[w * h * 4];
        for (int y = 0; y < h; y++) System.arraycopy(p, ((y + y0) * width + x0) * 4, q, y * w * 4, w * 4);
        return new RgbaImage(w, h, q);
    }

    /** Fraction of pixels with alpha exactly 0 (after 8-bit quantisation). */
    public double transparentFraction() {
        int n = 0;
        for (int i = 3; i < p.length; i += 4) if (Quantize.to8(p[i]) == 0) n++;
        return n / (double) (width * height);
    }

    /** Fraction of pixels whose 8-bit alpha is strictly between 0 and 255. */
    public double softFraction() {
        int n = 0;
        for (int i = 3; i < p.length; i += 4) {
            int a = Quantize.to8(p[i]);
            if (a > 0 && a < 255) n++;
        }
        return n / (double) (width * height);
    }
}
