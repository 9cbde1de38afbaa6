package org.diffumatting.matting.io;

import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;

/**
 * Colour plus alpha of one image, as read by {@link ImageFiles#readRgba}: {@code rgb} holds the
 * stored (straight, not premultiplied) colour, {@code alpha} the alpha channel (1 for opaque images).
 */
public record RgbaImage(RgbImage rgb, AlphaMap alpha) {
    public RgbaImage {
        if (!rgb.sameSize(alpha))
            throw new IllegalArgumentException("rgb " + rgb.width() + "x" + rgb.height()
                    + " and alpha " + alpha.width() + "x" + alpha.height() + " differ in size");
    }

    public int width() {
        return rgb.width();
    }

    public int height() {
        return rgb.height();
    }
}
