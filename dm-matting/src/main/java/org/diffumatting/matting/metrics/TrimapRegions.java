package org.diffumatting.matting.metrics;

import org.diffumatting.matting.AlphaMap;

/**
 * The three regions of a trimap read as an {@link AlphaMap}: each value v is mapped to its 8-bit level
 * round(v * 255), so an 8-bit file (k/255) and a 16-bit file (k/65535, k = 257 * level) give the same levels.
 * Level 128 is unknown, 255 known foreground, 0 known background (DIM MATLAB code: {@code trimap == 128});
 * any other level belongs to no region (it is neither counted as unknown nor forced by WHOLE_TRIMAP).
 */
public final class TrimapRegions {
    /** 8-bit trimap level of the unknown region. */
    public static final int UNKNOWN = 128;
    public static final int FOREGROUND = 255;
    public static final int BACKGROUND = 0;

    private final int width;
    private final int height;
    private final byte[] levels; // [H*W], unsigned 8-bit trimap level
    private final boolean[] unknown; // [H*W], level == 128
    private final int unknownCount;

    public TrimapRegions(AlphaMap trimap) {
        width = trimap.width();
        height = trimap.height();
        double[] t = trimap.data();
        levels = new byte[t.length];
        unknown = new boolean[t.length];
        int n = 0;
        for (int i = 0; i < t.length; i++) {
            int level = (int) Math.round(Math.max(0.0, Math.min(1.0, t[i])) * 255.0);
            levels[i] = (byte) level;
            if (level == UNKNOWN) {
                unknown[i] = true;
                n++;
            }
        }
        unknownCount = n;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Unknown-pixel mask U, row-major [H*W]; do not modify. */
    public boolean[] unknownMask() {
        return unknown;
    }

    /** |U|, the number of unknown pixels. */
    public int unknownCount() {
        return unknownCount;
    }

    /** The 8-bit level (0..255) of pixel i. */
    public int level(int i) {
        return levels[i] & 0xFF;
    }
}
