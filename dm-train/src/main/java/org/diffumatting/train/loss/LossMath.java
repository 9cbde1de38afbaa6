package org.diffumatting.train.loss;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.tensor.Tensors;

/**
 * Small reductions shared by the loss files: per-sample means, mask-weighted means and per-sample weights.
 * Every function keeps the autograd graph (no detach) and works in the dtype of its inputs.
 */
final class LossMath {
    /** Guards the denominator of a masked mean; an all-zero mask gives a loss of exactly 0. */
    static final double MASK_EPS = 1e-8;

    private LossMath() {}

    static Scalar s(double v) {
        return new Scalar(v);
    }

    /** [B, ...] -> [B]: mean over every dimension but the first. */
    static Tensor perSampleMean(Tensor x) {
        return x.reshape(x.size(0), -1).mean(1);
    }

    /** [B, C, H, W] -> [B, 1, H, W]: mean over channels. */
    static Tensor channelMean(Tensor x) {
        return x.mean(new long[] {1}, true, new org.bytedeco.pytorch.ScalarTypeOptional());
    }

    /**
     * sum(w * v) / max(sum(w), eps): the w-weighted mean of v (w broadcast against v, both [B, ., H, W]).
     * When every weight is zero the result is 0.
     */
    static Tensor weightedMean(Tensor v, Tensor w) {
        Tensor wv = v.mul(w);
        Tensor den = w.expand_as(v).sum().clamp_min(s(MASK_EPS));
        return wv.sum().div(den);
    }

    /** A [B, 1, 1, 1] tensor of per-sample weights on {@code like}'s device and dtype. */
    static Tensor sampleWeights(float[] w, Tensor like) {
        long[] shape = new long[(int) like.dim()];
        java.util.Arrays.fill(shape, 1L);
        shape[0] = w.length;
        return Tensors.fromFloats(w, shape).to(like.device(), like.scalar_type());
    }

    /** 0-dim zero on {@code like}'s device and dtype (a term that is switched off). */
    static Tensor zero(Tensor like) {
        return torch.zeros_like(like).sum();
    }
}
