package org.diffumatting.train.loss;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.tensor.Tensors;

/**
 * The autoencoder loss: reconstruction plus a small KL term (Rombach et al. 2022, "High-Resolution Image
 * Synthesis with Latent Diffusion Models", appendix G, KL-regularised autoencoder; without the perceptual and
 * adversarial terms, which need pretrained networks this project does not have).
 *
 * <table>
 *   <caption>Notation</caption>
 *   <tr><td>x, x_hat</td><td>image and reconstruction [B, 3, H, W] in [-1, 1]</td></tr>
 *   <tr><td>mu, logvar</td><td>posterior parameters [B, C, h, w] (diffusers DiagonalGaussianDistribution)</td></tr>
 *   <tr><td>B</td><td>transition band of the matte ({@link LatentMasks#transitionBand}), [B, 1, H, W]</td></tr>
 *   <tr><td>W = 1 + l_band B</td><td>alpha-aware pixel weight (l_band = 0: plain mean)</td></tr>
 *   <tr><td>e</td><td>|x - x_hat| (L1) or (x - x_hat)^2 (L2), averaged over channels</td></tr>
 * </table>
 * <pre>
 *   L_rec = sum(W * e) / sum(W)
 *   L_kl  = mean_b 0.5 * sum_{c,y,x} (mu^2 + exp(logvar) - 1 - logvar)     (diffusers DiagonalGaussianDistribution.kl)
 *   L_vae = L_rec + l_kl L_kl
 * </pre>
 *
 * @param l2 true for squared error, false for L1
 * @param klWeight l_kl (e.g. 1e-6 as in SD's autoencoder)
 * @param bandWeight l_band
 */
public record VaeLoss(boolean l2, double klWeight, double bandWeight) {

    /**
     * @param band B [B, 1, H, W], or null (then l_band is ignored)
     */
    public LossTerms compute(Tensor reconstruction, Tensor image, Tensor mean, Tensor logvar, Tensor band) {
        Tensors.checkSameShape(reconstruction, image, "VAE reconstruction vs image");
        Tensor diff = reconstruction.sub(image);
        Tensor err = LossMath.channelMean(l2 ? diff.square() : diff.abs());            // [B,1,H,W]
        Tensor rec;
        if (band != null && bandWeight != 0) {
            Tensor w = band.mul(LossMath.s(bandWeight)).add(LossMath.s(1));              // W [B,1,H,W]
            rec = err.mul(w).sum().div(w.sum());
        } else {
            rec = err.mean();
        }
        Tensor kl = LossMath.perSampleMean(mean.square().add(logvar.exp()).sub(LossMath.s(1)).sub(logvar))
                .mul(LossMath.s(0.5 * (mean.numel() / mean.size(0)))).mean();
        Map<String, Tensor> terms = new LinkedHashMap<>();
        terms.put("reconstruction", rec);
        terms.put("kl", kl);
        return new LossTerms(rec.add(kl.mul(LossMath.s(klWeight))), terms);
    }
}
