package org.diffumatting.train.loss;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.diffumatting.tensor.Tensors;

/**
 * Latent-resolution masks derived from the ground-truth matte (docs/DESIGN.md section 2).
 *
 * <table>
 *   <caption>Notation</caption>
 *   <tr><td>alpha</td><td>ground-truth matte, [B, 1, H, W] in [0, 1]</td></tr>
 *   <tr><td>f</td><td>VAE downsampling factor (8 for SD; latents are [B, C, H/f, W/f])</td></tr>
 *   <tr><td>r</td><td>band radius in pixels (square structuring element of side 2r + 1)</td></tr>
 *   <tr><td>S = (0 &lt; alpha &lt; 1)</td><td>soft (semi-transparent) pixels</td></tr>
 *   <tr><td>O = (alpha &gt; 0)</td><td>object support</td></tr>
 *   <tr><td>B = dilate_r(S) OR (dilate_r(O) AND NOT erode_r(O))</td><td>transition band: the dilated soft
 *       pixels united with the alpha edge band (morphological gradient of O)</td></tr>
 *   <tr><td>m_bg = 1 - maxpool_f(O)</td><td>latent cells whose whole f x f patch is background</td></tr>
 *   <tr><td>w_tb = avgpool_f(B)</td><td>fraction of each latent cell's patch inside the band</td></tr>
 * </table>
 *
 * Morphology uses max pooling with stride 1 and padding r; pixels outside the image are ignored (libtorch pads
 * max pooling with -inf), so the image border is not an edge. Masks are float tensors of alpha's dtype.
 *
 * @param background m_bg [B, 1, H/f, W/f], values in {0, 1}
 * @param transitionWeight w_tb [B, 1, H/f, W/f], values in [0, 1] (multiples of 1/f^2)
 * @param band B [B, 1, H, W], values in {0, 1} (pixel resolution, for pixel-space options)
 */
public record LatentMasks(Tensor background, Tensor transitionWeight, Tensor band) {

    /**
     * @param alpha [B, 1, H, W] in [0, 1], H and W multiples of f
     * @param factor f, at least 1
     * @param bandRadius r, at least 0 (0: B = S only, no edge band)
     */
    public static LatentMasks fromAlpha(Tensor alpha, int factor, int bandRadius) {
        Tensors.checkShape(alpha, "alpha [B,1,H,W]", -1, 1, -1, -1);
        if (factor < 1) throw new IllegalArgumentException("downsampling factor must be >= 1, got " + factor);
        if (alpha.size(2) % factor != 0 || alpha.size(3) % factor != 0) {
            throw new IllegalArgumentException("alpha size " + alpha.size(2) + "x" + alpha.size(3)
                    + " is not a multiple of the VAE factor " + factor);
        }
        Tensor a = alpha.detach();
        Tensor object = a.gt(LossMath.s(0)).to(a.scalar_type());                         // O [B,1,H,W]
        Tensor band = transitionBand(a, bandRadius);                                       // B [B,1,H,W]
        long[] k = {factor, factor};
        Tensor objectCells = torch.max_pool2d(object, k, k, new long[] {0, 0}, new long[] {1, 1}, false); // [B,1,h,w]
        Tensor background = objectCells.neg().add(LossMath.s(1));                          // m_bg
        Tensor weight = torch.avg_pool2d(band, k, k, new long[] {0, 0}, false, true,
                new org.bytedeco.pytorch.LongOptional());                                  // w_tb [B,1,h,w]
        return new LatentMasks(background, weight, band);
    }

    /** B = dilate_r(0 &lt; alpha &lt; 1) OR edge_r(alpha &gt; 0), [B, 1, H, W] float in {0, 1}. */
    public static Tensor transitionBand(Tensor alpha, int radius) {
        if (radius < 0) throw new IllegalArgumentException("band radius must be >= 0, got " + radius);
        ScalarType dt = alpha.scalar_type();
        Tensor soft = alpha.gt(LossMath.s(0)).logical_and(alpha.lt(LossMath.s(1))).to(dt);
        Tensor object = alpha.gt(LossMath.s(0)).to(dt);
        if (radius == 0) return soft;
        Tensor dilatedSoft = dilate(soft, radius);
        Tensor dilatedObject = dilate(object, radius);
        Tensor erodedObject = dilate(object.neg().add(LossMath.s(1)), radius).neg().add(LossMath.s(1));
        Tensor edge = dilatedObject.sub(erodedObject);                                      // 1 on the edge band
        return dilatedSoft.maximum(edge);
    }

    /** Binary dilation with a (2r+1)^2 square: max pooling, stride 1, padding r. */
    static Tensor dilate(Tensor mask, int r) {
        long k = 2L * r + 1;
        return torch.max_pool2d(mask, new long[] {k, k}, new long[] {1, 1}, new long[] {r, r}, new long[] {1, 1}, false);
    }
}
