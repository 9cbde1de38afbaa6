package org.diffumatting.train.loss;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.tensor.Tensors;

/**
 * L_eps, the denoising loss (docs/DESIGN.md section 2; DDPM "simple" loss, Ho et al. 2020 eq. 14):
 * <pre>
 *   L_eps = mean_b [ w_b * mean_{c,h,w} (out_b - target_b)^2 ]
 * </pre>
 * out = UNet output, target = eps or v ({@link DiffusionTargets#target}), w_b the optional
 * min-SNR-gamma weight of sample b ({@link SnrWeights#minSnrLossWeights}); with w = 1 this is
 * {@code F.mse_loss(out, target)} as in diffusers' train_text_to_image.py.
 */
public final class NoiseLoss {
    private NoiseLoss() {}

    /**
     * @param output model output [B, C, h, w]
     * @param target same shape
     * @param weights w_b, B values, or null for none
     * @return 0-dim loss
     */
    public static Tensor compute(Tensor output, Tensor target, float[] weights) {
        Tensors.checkSameShape(output, target, "noise loss output vs target");
        Tensor perSample = LossMath.perSampleMean(output.sub(target).square()); // [B]
        if (weights != null) {
            if (weights.length != output.size(0)) {
                throw new IllegalArgumentException("noise loss: " + weights.length + " weights for batch " + output.size(0));
            }
            perSample = perSample.mul(Tensors.fromFloats(weights, weights.length).to(output.device(), output.scalar_type()));
        }
        return perSample.mean();
    }
}
