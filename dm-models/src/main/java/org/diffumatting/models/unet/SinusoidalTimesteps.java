package org.diffumatting.models.unet;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Sinusoidal timestep features, diffusers' {@code Timesteps} / {@code get_timestep_embedding}
 * (diffusers/models/embeddings.py; DDPM, Ho et al. 2020, after the Transformer's positional code):
 * <pre>
 *   half = dim / 2
 *   freq_i = exp(-ln(max_period) * i / (half - freq_shift)),  i = 0..half-1
 *   e = [sin(t * freq), cos(t * freq)]     // [B, dim]; [cos, sin] when flip_sin_to_cos
 * </pre>
 * with max_period = 10000, scale 1, computed in float32; an odd dim gets one zero column.
 * No parameters (the module is {@code time_proj}).
 */
public final class SinusoidalTimesteps {
    private final int dim;
    private final boolean flipSinToCos;
    private final double freqShift;

    public SinusoidalTimesteps(int dim, boolean flipSinToCos, double freqShift) {
        this.dim = dim;
        this.flipSinToCos = flipSinToCos;
        this.freqShift = freqShift;
    }

    /** @param timesteps [B] (any real dtype, fractional allowed) -> [B, dim] float32 */
    public Tensor forward(Tensor timesteps) {
        int half = dim / 2;
        TensorOptions f32 = new TensorOptions().dtype(new ScalarTypeOptional(torch.ScalarType.Float));
        Tensor i = torch.arange(new Scalar(0), new Scalar(half), f32).to(timesteps.device(), torch.ScalarType.Float); // [half]
        Tensor freqs = i.mul(new Scalar(-Math.log(10000.0) / (half - freqShift))).exp();         // [half]
        Tensor args = timesteps.to(torch.ScalarType.Float).unsqueeze(1).mul(freqs.unsqueeze(0)); // [B, half]
        Tensor sin = args.sin();
        Tensor cos = args.cos();
        Tensor e = flipSinToCos ? torch.cat(new TensorVector(cos, sin), 1) : torch.cat(new TensorVector(sin, cos), 1); // [B, 2*half]
        if (dim % 2 == 1) e = torch.pad(e, 0, 1, 0, 0);
        return e;
    }
}
