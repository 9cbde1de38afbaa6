package org.diffumatting.evaluation;

import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;

/**
 * Green purity of a generated green-canvas image: among the background pixels (predicted alpha &lt;
 * {@link #BACKGROUND_ALPHA}), the share whose colour lies within Euclidean distance {@link #MAX_DISTANCE} of pure green
 * G = (0, 1, 0) in <b>linear</b> RGB.
 * <pre>
 *   lin(c) = c / 12.92                     if c &lt;= 0.04045       (IEC 61966-2-1 sRGB EOTF, c in [0, 1])
 *          = ((c + 0.055) / 1.055)^2.4     otherwise
 *   pure(x) = sqrt(lin(R)^2 + (lin(G) - 1)^2 + lin(B)^2) &lt; 0.05
 * </pre>
 * Pure green is (0, 1, 0) in both spaces, so only the distance changes: linear RGB weights a tint in proportion to
 * its light (sRGB code 0.05 above black is 0.004 linear, while a drop of G from 1.0 to 0.95 is 0.11 linear), which is
 * what a keyer or a compositor sees. Images are read from PNG as sRGB code values / 255.
 */
public final class GreenPurity {
    /** Predicted alpha below this is background. */
    public static final double BACKGROUND_ALPHA = 0.01;
    /** Largest linear-RGB distance from (0, 1, 0) that counts as pure green. */
    public static final double MAX_DISTANCE = 0.05;

    private GreenPurity() {}

    /** Background pixels and the pure-green ones among them; counts add up across images (pooled share). */
    public record Count(long background, long pure) {
        public Count plus(Count o) {
            return new Count(background + o.background, pure + o.pure);
        }

        /** pure / background, NaN when there is no background pixel. */
        public double share() {
            return background == 0 ? Double.NaN : (double) pure / background;
        }

        public static final Count ZERO = new Count(0, 0);
    }

    /** Counts the background and pure-green pixels of {@code image} [H x W x 3] under {@code alpha} [H x W]. */
    public static Count count(RgbImage image, AlphaMap alpha) {
        if (!image.sameSize(alpha)) {
            throw new IllegalArgumentException("image is " + image.width() + "x" + image.height() + " but alpha is "
                    + alpha.width() + "x" + alpha.height());
        }
        float[] rgb = image.data();
        double[] a = alpha.data();
        long bg = 0, pure = 0;
        double max2 = MAX_DISTANCE * MAX_DISTANCE;
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] < BACKGROUND_ALPHA)) continue;
            bg++;
            double r = srgbToLinear(rgb[3 * i]);
            double g = srgbToLinear(rgb[3 * i + 1]) - 1.0;
            double b = srgbToLinear(rgb[3 * i + 2]);
            if (r * r + g * g + b * b < max2) pure++;
        }
        return new Count(bg, pure);
    }

    /** The sRGB electro-optical transfer function (IEC 61966-2-1), input clamped to [0, 1]. */
    public static double srgbToLinear(double c) {
        double x = Math.min(1.0, Math.max(0.0, c));
        return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    }
}
