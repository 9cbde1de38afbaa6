package org.diffumatting.matting.key;

import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;

/**
 * Classic colour-difference keyer with spill suppression: the baseline every green-screen tool ships
 * (Vlahos' colour difference, as in Nuke's/Blender's keying and despill nodes), generalised to any key colour
 * with a dominant channel.
 *
 * <p>Notation: K the key colour (default pure green (0, 1, 0)); d = the dominant channel of K (argmax), o1 and
 * o2 the two others; comb(u, v) = max(u, v) ({@link Combine#MAX}, default) or (u + v) / 2 ({@link Combine#AVERAGE});
 * I the observed colour of a pixel, values in [0, 1].
 * <ol>
 *   <li>Difference: D(I) = I_d - comb(I_o1, I_o2); D_K = D(K) (must be at least {@value #MIN_KEY_DIFFERENCE}).</li>
 *   <li>Raw alpha: a_raw = 1 - D(I) / D_K.</li>
 *   <li>Clip: a = clamp((a_raw - clipBlack) / (clipWhite - clipBlack), 0, 1); defaults 0 and 1 (no clipping).
 *       Raise clipBlack to clean a noisy screen, lower clipWhite to make a semi-transparent subject solid.</li>
 *   <li>Unmix (default on): F = clamp((I - (1 - a) K) / a) where a &gt;= 1/255, else F = I: removes the key colour
 *       that soft pixels let through (the matting equation I = aF + (1-a)K solved for F).</li>
 *   <li>Spill suppression: limit = comb_s(F_o1, F_o2) with its own {@link Combine} (default MAX, which keeps
 *       yellows and cyans); F_d = F_d - spillStrength * max(0, F_d - limit) (strength 1 = full despill, 0 = off).</li>
 * </ol>
 *
 * <p>Accuracy: for a composite I = aF + (1-a)K whose foreground obeys the difference-key assumption
 * D(F) = 0 (e.g. grays, skin, any colour with F_d = comb(F_o1, F_o2)) the alpha is exact (float rounding). If
 * instead -E &lt;= D(F) &lt;= 0 (the foreground's dominant channel is at most E below the others), the raw alpha is
 * a(1 - D(F)/D_K), so the error is at most a * E / D_K (before clamping to 1). Foregrounds with D(F) &gt; 0 (green
 * objects on a green screen) are keyed as partly transparent: that is the method's known limit.
 */
public final class DifferenceKeyer {
    private DifferenceKeyer() {}

    /** The smallest allowed D(K): below it the key colour has no dominant channel to key on. */
    public static final double MIN_KEY_DIFFERENCE = 0.1;

    /** How the two non-dominant channels are combined. */
    public enum Combine { MAX, AVERAGE }

    /**
     * @param keyColor      K, three values in [0, 1]
     * @param combine       comb for the difference D (default MAX)
     * @param clipBlack     raw alpha mapped to 0 (default 0)
     * @param clipWhite     raw alpha mapped to 1 (default 1); must exceed clipBlack
     * @param unmix         solve I = aF + (1-a)K for F before despill (default true)
     * @param spillCombine  comb used for the spill limit (default MAX)
     * @param spillStrength 0..1 (default 1)
     */
    public record Options(float[] keyColor, Combine combine, double clipBlack, double clipWhite, boolean unmix,
                          Combine spillCombine, double spillStrength) {
        public Options {
            if (keyColor == null || keyColor.length != 3) throw new IllegalArgumentException("key colour needs 3 components");
            for (float c : keyColor)
                if (!(c >= 0 && c <= 1)) throw new IllegalArgumentException("key colour components must be in [0, 1]");
            keyColor = keyColor.clone();
            if (combine == null || spillCombine == null) throw new IllegalArgumentException("combine modes are required");
            if (!(clipBlack >= 0 && clipWhite <= 1 && clipBlack < clipWhite))
                throw new DmException("clip values must satisfy 0 <= clip-black < clip-white <= 1, got " + clipBlack + " and " + clipWhite);
            if (!(spillStrength >= 0 && spillStrength <= 1))
                throw new DmException("spill strength must be in [0, 1], got " + spillStrength);
        }

        /** Pure green key, MAX difference, no clipping, unmix on, full MAX despill. */
        public static Options defaults() {
            return new Options(new float[] {0, 1, 0}, Combine.MAX, 0, 1, true, Combine.MAX, 1);
        }

        public Options withKeyColor(float[] k) {
            return new Options(k, combine, clipBlack, clipWhite, unmix, spillCombine, spillStrength);
        }
    }

    /** Alpha and the spill-suppressed straight (not premultiplied) foreground colour. */
    public record Result(AlphaMap alpha, RgbImage foreground) {}

    /** Index of the dominant channel of the key colour, with D(K) checked. */
    static int dominantChannel(Options o) {
        float[] k = o.keyColor();
        int d = k[1] >= k[0] && k[1] >= k[2] ? 1 : k[2] >= k[0] ? 2 : 0;
        double dk = k[d] - comb(o.combine(), k[(d + 1) % 3], k[(d + 2) % 3]);
        if (dk < MIN_KEY_DIFFERENCE)
            throw new DmException(String.format("key colour %d,%d,%d has no dominant channel (difference %.3f < %.1f)",
                    Math.round(k[0] * 255), Math.round(k[1] * 255), Math.round(k[2] * 255), dk, MIN_KEY_DIFFERENCE));
        return d;
    }

    static double comb(Combine c, double u, double v) {
        return c == Combine.MAX ? Math.max(u, v) : 0.5 * (u + v);
    }

    /** Keys one image. */
    public static Result key(RgbImage image, Options o) {
        int d = dominantChannel(o);
        int o1 = (d + 1) % 3, o2 = (d + 2) % 3;
        float[] k = o.keyColor();
        double dk = k[d] - comb(o.combine(), k[o1], k[o2]);
        int n = image.width() * image.height();
        float[] in = image.data();
        double[] alpha = new double[n];
        float[] fg = new float[n * 3];
        double span = o.clipWhite() - o.clipBlack();
        for (int i = 0; i < n; i++) {
            int p = i * 3;
            double diff = in[p + d] - comb(o.combine(), in[p + o1], in[p + o2]);
            double raw = 1.0 - diff / dk;
            double a = Math.min(1.0, Math.max(0.0, (raw - o.clipBlack()) / span));
            alpha[i] = a;
            double[] f = {in[p], in[p + 1], in[p + 2]};
            if (o.unmix() && a >= 1.0 / 255) {
                for (int c = 0; c < 3; c++) f[c] = Math.min(1.0, Math.max(0.0, (f[c] - (1 - a) * k[c]) / a));
            }
            double limit = comb(o.spillCombine(), f[o1], f[o2]);
            f[d] -= o.spillStrength() * Math.max(0.0, f[d] - limit);
            for (int c = 0; c < 3; c++) fg[p + c] = (float) f[c];
        }
        return new Result(new AlphaMap(image.width(), image.height(), alpha), new RgbImage(image.width(), image.height(), fg));
    }
}
