package org.diffumatting.models.vae;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.models.nn.Shapes;

/**
 * The VAE posterior q(z|x) = N(mean, diag(exp(logvar))), diffusers' {@code DiagonalGaussianDistribution}
 * (diffusers/models/autoencoders/vae.py): moments [B, 2L, h, w] split into mean | logvar along
 * channels, logvar clamped to [-30, 20], std = exp(logvar / 2).
 */
public final class DiagonalGaussian {
    private final Tensor mean;
    private final Tensor logvar;
    private final Tensor std;

    /** @param moments [B, 2L, h, w] (mean | logvar) */
    public DiagonalGaussian(Tensor moments) {
        if (moments.dim() != 4 || moments.size(1) % 2 != 0) {
            throw new DmException("DiagonalGaussian: moments must be [B, 2L, h, w], got " + Shapes.text(Shapes.of(moments)));
        }
        TensorVector parts = moments.chunk(2, 1); // 2 x [B, L, h, w]
        // TensorVector.get returns a reference into the vector: take owning handles before it can be freed
        this.mean = new Tensor(parts.get(0));
        this.logvar = torch.clamp(new Tensor(parts.get(1)), new ScalarOptional(new Scalar(-30.0)), new ScalarOptional(new Scalar(20.0)));
        this.std = logvar.mul(new Scalar(0.5)).exp();
    }

    /** mean [B, L, h, w]. */
    public Tensor mean() {
        return mean;
    }

    /** Clamped log-variance [B, L, h, w]. */
    public Tensor logvar() {
        return logvar;
    }

    public Tensor std() {
        return std;
    }

    /** The mode (= mean): deterministic latent. */
    public Tensor mode() {
        return mean;
    }

    /** z = mean + std * noise, with caller-supplied standard-normal {@code noise} [B, L, h, w] (seeded by the caller). */
    public Tensor sample(Tensor noise) {
        return mean.add(std.mul(noise.to(mean.scalar_type())));
    }

    /** KL(q || N(0, I)) per sample: 0.5 * sum(mean^2 + var - 1 - logvar) over [L, h, w] -> [B]. */
    public Tensor kl() {
        Tensor var = logvar.exp();
        Tensor t = mean.mul(mean).add(var).sub(new Scalar(1.0)).sub(logvar);
        return t.sum(new long[] {1, 2, 3}, false, new org.bytedeco.pytorch.ScalarTypeOptional()).mul(new Scalar(0.5));
    }
}
