package org.diffumatting.matting.trimap;

import java.nio.file.Path;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.io.ImageFiles;

/**
 * A trimap: one label per pixel, stored as the 8-bit gray values used by Composition-1k and every matting
 * benchmark: {@link #BACKGROUND} 0, {@link #UNKNOWN} 128, {@link #FOREGROUND} 255 ({@code labels[y * width + x]}).
 */
public record Trimap(int width, int height, byte[] labels) {
    public static final int BACKGROUND = 0;
    public static final int UNKNOWN = 128;
    public static final int FOREGROUND = 255;

    public Trimap {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("trimap size must be positive: " + width + "x" + height);
        if (labels.length != (long) width * height)
            throw new IllegalArgumentException("trimap length " + labels.length + " != " + width + "x" + height);
    }

    /** The label (0, 128 or 255) at (x, y). */
    public int get(int x, int y) {
        return labels[y * width + x] & 0xff;
    }

    /** Number of pixels with the given label. */
    public long count(int label) {
        long n = 0;
        for (byte b : labels) if ((b & 0xff) == label) n++;
        return n;
    }

    /** The trimap as an alpha map of v/255 (0, 128/255, 1), e.g. for metrics that read trimaps as images. */
    public AlphaMap toAlphaMap() {
        double[] d = new double[labels.length];
        for (int i = 0; i < d.length; i++) d[i] = (labels[i] & 0xff) / 255.0;
        return new AlphaMap(width, height, d);
    }

    /** Writes an 8-bit gray PNG with values exactly 0, 128, 255 (atomically). */
    public void write(Path p) {
        ImageFiles.writeAlpha(p, toAlphaMap(), 8);
    }
}
