package org.diffumatting.data.image;

/** Rounding of [0, 1] values to integer codes (round half up, clamped). */
public final class Quantize {
    private Quantize() {}

    public static int to8(double v) {
        int q = (int) Math.floor(v * 255.0 + 0.5);
        return q < 0 ? 0 : Math.min(q, 255);
    }

    public static int to16(double v) {
        int q = (int) Math.floor(v * 65535.0 + 0.5);
        return q < 0 ? 0 : Math.min(q, 65535);
    }
}
