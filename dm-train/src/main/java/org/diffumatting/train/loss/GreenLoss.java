package org.diffumatting.train.loss;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.tensor.Tensors;

/**
 * L_green, the green background control loss (docs/DESIGN.md section 2, our formulation of DiffuMatting's
 * "green background control"): the clean image implied by the UNet output must keep the background pure green.
 *
 * <table>
 *   <caption>Notation</caption>
 *   <tr><td>x0_hat</td><td>predicted clean latent [B, C, h, w] ({@link DiffusionTargets#predictedX0})</td></tr>
 *   <tr><td>z_G</td><td>latent of the pure green canvas G = (0, 255, 0), [1 or B, C, h, w], scaled like x0</td></tr>
 *   <tr><td>m_bg</td><td>latent background mask [B, 1, h, w] ({@link LatentMasks#background()})</td></tr>
 *   <tr><td>w_b = min(SNR_t, gamma)</td><td>per-sample weight ({@link SnrWeights#clampedSnr})</td></tr>
 *   <tr><td>||.||^2</td><td>squared error averaged over the C channels</td></tr>
 * </table>
 * <pre>
 *   latent form: L_green = sum_{b,y,x}( m_bg * ||x0_hat - z_G||^2 * w_b ) / sum(m_bg)
 *   pixel form:  L_green = sum_{b,y,x}( M_bg * mean_c |D(x0_hat / s) - G| * w_b ) / sum(M_bg)
 * </pre>
 * with D the frozen VAE decoder (output in [-1, 1]), s the VAE scaling factor, G = (-1, 1, -1) in that range and
 * M_bg = (alpha == 0) at pixel resolution. Both are 0 when no cell/pixel is background.
 */
public final class GreenLoss {
    private GreenLoss() {}

    /**
     * @param x0Hat [B, C, h, w]
     * @param greenLatent z_G, [1, C, h, w] or [B, C, h, w]
     * @param background m_bg [B, 1, h, w]
     * @param weights w_b (B values) or null for 1
     */
    public static Tensor latent(Tensor x0Hat, Tensor greenLatent, Tensor background, float[] weights) {
        Tensors.checkShape(background, "green loss background mask [B,1,h,w]", x0Hat.size(0), 1, x0Hat.size(2), x0Hat.size(3));
        Tensor err = LossMath.channelMean(x0Hat.sub(greenLatent).square());          // [B,1,h,w]
        return maskedWeighted(err, background, weights);
    }

    /**
     * @param decoded D(x0_hat / s), [B, 3, H, W] in [-1, 1]
     * @param backgroundPixels M_bg [B, 1, H, W] in {0, 1}
     * @param weights w_b or null
     */
    public static Tensor pixel(Tensor decoded, Tensor backgroundPixels, float[] weights) {
        Tensors.checkShape(decoded, "decoded image [B,3,H,W]", -1, 3, -1, -1);
        Tensor green = Tensors.fromFloats(new float[] {-1f, 1f, -1f}, 1, 3, 1, 1)
                .to(decoded.device(), decoded.scalar_type());                             // G in [-1,1]
        Tensor err = LossMath.channelMean(decoded.sub(green).abs());                      // [B,1,H,W]
        return maskedWeighted(err, backgroundPixels, weights);
    }

    /** (alpha == 0) as a float mask [B, 1, H, W]. */
    public static Tensor backgroundPixels(Tensor alpha) {
        return alpha.detach().le(LossMath.s(0)).to(alpha.scalar_type());
    }

    private static Tensor maskedWeighted(Tensor err, Tensor mask, float[] weights) {
        Tensor num = err.mul(mask);
        if (weights != null) num = num.mul(LossMath.sampleWeights(weights, err));
        return num.sum().div(mask.sum().clamp_min(LossMath.s(LossMath.MASK_EPS)));
    }
}
