package org.diffumatting.matting.io;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * A decoded image viewed as normalised channels, read straight from the raster (never through
 * {@code getRGB()}, which would round 16-bit samples to 8 bits and apply colour conversions).
 *
 * <p>Cases, by colour model:
 * <ul>
 *   <li>{@link IndexColorModel} (PNG palette, and gray PNG of bit depth 1, 2, 4 which Java decodes as a
 *       gray ramp palette): the sample is an index into 8-bit palette entries; alpha from the palette
 *       (PNG tRNS) when the palette has any non-opaque entry;</li>
 *   <li>any other model: 1 band = gray, 2 = gray + alpha, 3 = RGB, 4 = RGBA (alpha is the last band when
 *       the model has alpha); a band of {@code b} bits is divided by {@code 2^b - 1}, so 16-bit PNG keeps
 *       all 65536 levels.</li>
 * </ul>
 */
final class DecodedImage {
    final int width;
    final int height;
    private final Raster raster;
    /** Palette lookups in [0, 1] (index -> r, g, b, a), or null when not palette based. */
    private final double[][] palette;
    /** Bands holding colour (1 gray or 3 RGB) for non-palette images. */
    private final int colorBands;
    /** Raster band of alpha, or -1. */
    private final int alphaBand;
    /** 2^bits - 1 per raster band; samples are divided by it (v/255 is exact as numpy computes it, v*(1/255) is not). */
    private final double[] max;
    private final boolean hasAlpha;

    DecodedImage(BufferedImage img) {
        this.width = img.getWidth();
        this.height = img.getHeight();
        this.raster = img.getRaster();
        ColorModel cm = img.getColorModel();
        int bands = raster.getNumBands();
        this.max = new double[bands];
        for (int b = 0; b < bands; b++) max[b] = (1L << raster.getSampleModel().getSampleSize(b)) - 1;
        if (cm instanceof IndexColorModel icm) {
            int n = icm.getMapSize();
            palette = new double[4][n];
            boolean anyTransparent = false;
            for (int i = 0; i < n; i++) {
                palette[0][i] = icm.getRed(i) / 255.0;
                palette[1][i] = icm.getGreen(i) / 255.0;
                palette[2][i] = icm.getBlue(i) / 255.0;
                palette[3][i] = icm.getAlpha(i) / 255.0;
                if (icm.getAlpha(i) != 255) anyTransparent = true;
            }
            colorBands = 3;
            alphaBand = -1;
            hasAlpha = anyTransparent;
        } else {
            palette = null;
            boolean alpha = cm.hasAlpha();
            alphaBand = alpha ? bands - 1 : -1;
            colorBands = alpha ? bands - 1 : bands;
            if (colorBands != 1 && colorBands != 3)
                throw new IllegalStateException("unsupported band layout: " + bands + " bands, alpha=" + alpha);
            hasAlpha = alpha;
        }
    }

    boolean hasAlpha() {
        return hasAlpha;
    }

    /** True for gray images (one colour channel). */
    boolean isGray() {
        return palette == null && colorBands == 1;
    }

    /**
     * Writes row {@code y} as interleaved normalised RGB into {@code rgbOut[x * 3 + c]} (gray replicated)
     * and, when {@code alphaOut} is non-null, alpha into {@code alphaOut[x]} (1 for opaque images).
     */
    void row(int y, int[] samples, double[] rgbOut, double[] alphaOut) {
        int bands = raster.getNumBands();
        raster.getPixels(0, y, width, 1, samples);
        if (palette != null) {
            for (int x = 0; x < width; x++) {
                int idx = samples[x];
                rgbOut[x * 3] = palette[0][idx];
                rgbOut[x * 3 + 1] = palette[1][idx];
                rgbOut[x * 3 + 2] = palette[2][idx];
                if (alphaOut != null) alphaOut[x] = palette[3][idx];
            }
            return;
        }
        for (int x = 0; x < width; x++) {
            int o = x * bands;
            if (colorBands == 1) {
                double g = samples[o] / max[0];
                rgbOut[x * 3] = g;
                rgbOut[x * 3 + 1] = g;
                rgbOut[x * 3 + 2] = g;
            } else {
                rgbOut[x * 3] = samples[o] / max[0];
                rgbOut[x * 3 + 1] = samples[o + 1] / max[1];
                rgbOut[x * 3 + 2] = samples[o + 2] / max[2];
            }
            if (alphaOut != null) alphaOut[x] = alphaBand < 0 ? 1.0 : samples[o + alphaBand] / max[alphaBand];
        }
    }

    /** Size of the {@code samples} buffer {@link #row} needs. */
    int rowBufferLength() {
        return width * raster.getNumBands();
    }
}
