package org.diffumatting.evaluation;

import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;

/**
 * Alpha self-consistency of a generated sample: how well the predicted alpha a and foreground F re-compose the
 * generated green image I over the green canvas G = (0, 1, 0) (the matting equation I = a F + (1 - a) G,
 * Porter &amp; Duff / Smith &amp; Blinn):
 * <pre>
 *   C = 1 / (3 H W) * sum_{pixels p} sum_{c in R,G,B} | a_p F_{p,c} + (1 - a_p) G_c - I_{p,c} |
 * </pre>
 * in sRGB code values / 255 (the space of the PNG files), over every pixel. 0 means a perfect decomposition.
 */
public final class CompositionConsistency {
    private static final float[] GREEN = {0f, 1f, 0f};

    private CompositionConsistency() {}

    /** C for one sample; image, foreground and alpha must have the same size. */
    public static double meanAbsError(RgbImage image, RgbImage foreground, AlphaMap alpha) {
        if (!image.sameSize(alpha) || !foreground.sameSize(alpha)) {
            throw new IllegalArgumentException("image " + image.width() + "x" + image.height() + ", foreground "
                    + foreground.width() + "x" + foreground.height() + " and alpha " + alpha.width() + "x" + alpha.height()
                    + " differ in size");
        }
        float[] in = image.data();
        float[] fg = foreground.data();
        double[] a = alpha.data();
        double sum = 0;
        for (int p = 0; p < a.length; p++) {
            for (int c = 0; c < 3; c++) {
                double composed = a[p] * fg[3 * p + c] + (1 - a[p]) * GREEN[c];
                sum += Math.abs(composed - in[3 * p + c]);
            }
        }
        return sum / (3.0 * a.length);
    }
}
