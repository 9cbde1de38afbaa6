package org.diffumatting.train.loss;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.tensor.Tensors;

/**
 * L_matte, the matting-head loss (docs/DESIGN.md sections 2-3, our formulation).
 *
 * <table>
 *   <caption>Notation (all at pixel resolution, values in [0, 1])</caption>
 *   <tr><td>alpha_hat, F_hat</td><td>head outputs, [B, 1, H, W] and [B, 3, H, W]</td></tr>
 *   <tr><td>alpha, F</td><td>ground-truth matte and true-colour foreground</td></tr>
 *   <tr><td>I</td><td>the green-screen image (object composited on G), [B, 3, H, W]</td></tr>
 *   <tr><td>G</td><td>pure green (0, 1, 0)</td></tr>
 *   <tr><td>O = (alpha &gt; 0)</td><td>object support</td></tr>
 * </table>
 * <pre>
 *   L_alpha = mean |alpha_hat - alpha|
 *   L_alpha2 = mean (alpha_hat - alpha)^2
 *   L_lap   = {@link LaplacianPyramidLoss}(alpha_hat, alpha)
 *   L_comp  = mean |alpha_hat F_hat + (1 - alpha_hat) G - I|
 *   L_fg    = sum(O * |F_hat - F|) / (3 sum(O))
 *   L_matte = l_alpha L_alpha + l_alpha2 L_alpha2 + l_lap L_lap + l_comp L_comp + l_fg L_fg
 * </pre>
 * The L1 terms pull an uncertain pixel (a hard edge's anti-aliased rim placed from a coarse latent) towards the
 * median of its possible alphas, L_alpha2 towards their mean, which is what minimises the alpha MSE that matting
 * benchmarks report (docs/METRICS.md).
 * All five are 0 for a perfect prediction when I = alpha F + (1 - alpha) G (how the data set is built).
 *
 * @param alphaWeight l_alpha
 * @param alphaL2Weight l_alpha2
 * @param laplacianWeight l_lap
 * @param compositionWeight l_comp
 * @param foregroundWeight l_fg
 * @param pyramidLevels levels of the Laplacian pyramid
 */
public record MatteLoss(double alphaWeight, double alphaL2Weight, double laplacianWeight, double compositionWeight, double foregroundWeight,
                        int pyramidLevels) {

    public LossTerms compute(Tensor alphaHat, Tensor fgHat, Tensor alpha, Tensor fg, Tensor image) {
        Tensors.checkSameShape(alphaHat, alpha, "matte loss alpha");
        Tensors.checkSameShape(fgHat, fg, "matte loss foreground");
        Tensors.checkSameShape(fgHat, image, "matte loss image");
        Tensor alphaError = alphaHat.sub(alpha);
        Tensor lAlpha = alphaError.abs().mean();
        Tensor lAlpha2 = alphaError.square().mean();
        Tensor lLap = LaplacianPyramidLoss.compute(alphaHat, alpha, pyramidLevels);
        Tensor green = Tensors.fromFloats(new float[] {0f, 1f, 0f}, 1, 3, 1, 1).to(image.device(), image.scalar_type());
        Tensor composite = alphaHat.mul(fgHat).add(alphaHat.neg().add(LossMath.s(1)).mul(green)); // [B,3,H,W]
        Tensor lComp = composite.sub(image).abs().mean();
        Tensor object = alpha.detach().gt(LossMath.s(0)).to(alpha.scalar_type());               // O [B,1,H,W]
        Tensor lFg = fgHat.sub(fg).abs().mul(object).sum()
                .div(object.sum().mul(LossMath.s(3)).clamp_min(LossMath.s(LossMath.MASK_EPS)));
        Tensor total = lAlpha.mul(LossMath.s(alphaWeight))
                .add(lAlpha2.mul(LossMath.s(alphaL2Weight)))
                .add(lLap.mul(LossMath.s(laplacianWeight)))
                .add(lComp.mul(LossMath.s(compositionWeight)))
                .add(lFg.mul(LossMath.s(foregroundWeight)));
        Map<String, Tensor> terms = new LinkedHashMap<>();
        terms.put("alpha_l1", lAlpha);
        if (alphaL2Weight > 0) terms.put("alpha_l2", lAlpha2);
        terms.put("alpha_lap", lLap);
        terms.put("composition", lComp);
        terms.put("foreground", lFg);
        return new LossTerms(total, terms);
    }
}
