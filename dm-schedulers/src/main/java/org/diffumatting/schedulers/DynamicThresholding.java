package org.diffumatting.schedulers;

import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Dynamic thresholding of the predicted x0 (Saharia et al. 2022, "Imagen", arXiv 2205.11487, sec. 2.3;
 * diffusers {@code _threshold_sample}): per sample, s = quantile(|x0|, ratio) clamped to [1, sample_max_value];
 * x0 = clamp(x0, -s, s) / s. Unsuitable for latent diffusion; off by default.
 */
final class DynamicThresholding {
    private DynamicThresholding() {}

    /**
     * @param x0 predicted clean sample [B, C, ...]
     * @param ratio dynamic_thresholding_ratio (quantile)
     * @param maxValue sample_max_value
     * @return thresholded x0, same shape and dtype
     */
    static Tensor apply(Tensor x0, double ratio, double maxValue) {
        long[] shape = x0.shape();
        var dtype = x0.scalar_type();
        Tensor flat = x0.to(torch.ScalarType.Float).reshape(shape[0], -1);              // [B, C*H*W]
        Tensor s = flat.abs().quantile(ratio, new LongOptional(1), false, "linear");    // [B]
        s = s.clamp(new ScalarOptional(new Scalar(1.0)), new ScalarOptional(new Scalar(maxValue)))
                .unsqueeze(1);                                                          // [B, 1]
        Tensor out = flat.minimum(s).maximum(s.neg()).div(s);                          // [B, C*H*W]
        return out.reshape(shape).to(dtype);
    }
}
