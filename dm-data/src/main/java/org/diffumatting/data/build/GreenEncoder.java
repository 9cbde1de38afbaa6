package org.diffumatting.data.build;

import org.diffumatting.data.image.PngFiles;
import org.diffumatting.data.image.Quantize;
import org.diffumatting.data.image.RgbaImage;

/**
 * Turns a placed object (premultiplied RGBA, size x size) into the three files of a sample:
 * <ul>
 *   <li>alpha: alpha quantised to 8 bits (or 16 with {@code alpha16});</li>
 *   <li>fg: the true (straight) object colour F quantised to 8 bits, 0 where alpha is 0;</li>
 *   <li>image: I = F a + (1 - a) G with G = pure green (0, 1, 0), computed from the <i>quantised</i>
 *       F and a and rounded once, so re-compositing the written fg and alpha reproduces the
 *       written image within 0.5/255.</li>
 * </ul>
 */
public final class GreenEncoder {
    private GreenEncoder() {}

    /** Encoded PNG bytes of one sample plus its soft-pixel fraction (0 < alpha < 1). */
    public record Encoded(byte[] image, byte[] alpha, byte[] fg, double softFraction) {}

    public static Encoded encode(RgbaImage placed, boolean alpha16) {
        int w = placed.width(), h = placed.height(), n = w * h;
        float[] p = placed.p();
        int amax = alpha16 ? 65535 : 255;
        int[] aCodes = new int[n], fg = new int[n * 3], img = new int[n * 3];
        int soft = 0;
        for (int i = 0; i < n; i++) {
            float a = p[i * 4 + 3];
            int ac = alpha16 ? Quantize.to16(a) : Quantize.to8(a);
            aCodes[i] = ac;
            if (ac > 0 && ac < amax) soft++;
            double aq = ac / (double) amax;
            for (int c = 0; c < 3; c++) {
                int f = (ac == 0 || a <= 0) ? 0 : Quantize.to8(p[i * 4 + c] / a);
                fg[i * 3 + c] = f;
                double g = c == 1 ? 1.0 : 0.0;
                img[i * 3 + c] = Quantize.to8(f / 255.0 * aq + (1 - aq) * g);
            }
        }
        byte[] alphaPng = alpha16 ? PngFiles.encodeGray16(w, h, aCodes) : PngFiles.encodeGray8(w, h, aCodes);
        return new Encoded(PngFiles.encodeRgb8(w, h, img), alphaPng, PngFiles.encodeRgb8(w, h, fg), soft / (double) n);
    }
}
