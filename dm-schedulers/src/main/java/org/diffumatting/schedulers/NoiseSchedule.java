package org.diffumatting.schedulers;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;

/**
 * The training noise schedule shared by every scheduler: betas, alphas and their cumulative product, the
 * Karras sigmas derived from them, and the training helpers {@link #addNoise} and {@link #velocity}
 * (diffusers {@code DDPMScheduler.add_noise} / {@code get_velocity}).
 *
 * <table>
 *   <caption>Notation (Ho et al. 2020; Salimans &amp; Ho 2022 for v)</caption>
 *   <tr><td>beta_t</td><td>{@link #betas()}, t = 0..N-1</td></tr>
 *   <tr><td>alpha_t = 1 - beta_t</td><td>{@link #alphas()}</td></tr>
 *   <tr><td>abar_t = prod_{s &lt;= t} alpha_s</td><td>{@link #alphasCumprod()} (diffusers {@code alphas_cumprod})</td></tr>
 *   <tr><td>sigma_t = sqrt((1 - abar_t) / abar_t)</td><td>{@link #trainSigmas()}: the noise level of the
 *       variance-exploding view x / sqrt(abar_t) = x0 + sigma_t eps (Karras et al. 2022)</td></tr>
 *   <tr><td>x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps</td><td>{@link #addNoise} (DDPM eq. 4)</td></tr>
 *   <tr><td>v_t = sqrt(abar_t) eps - sqrt(1 - abar_t) x0</td><td>{@link #velocity} (Salimans &amp; Ho 2022, sec. 4)</td></tr>
 * </table>
 *
 * <p>Precision: betas and alphas are float32-exact (diffusers keeps them in float32 tensors); abar is
 * accumulated in double and rounded to float32 per element, which is what torch's CPU {@code cumprod} does for
 * a float32 tensor. Immutable.
 */
public final class NoiseSchedule {
    private final double[] betas;
    private final double[] alphas;
    private final double[] alphasCumprod;

    /** A schedule from explicit betas (each in (0, 1]); they are rounded to float32. */
    public NoiseSchedule(double[] betas) {
        if (betas.length < 2) {
            throw new DmException("scheduler config: need at least 2 training timesteps, got " + betas.length);
        }
        this.betas = new double[betas.length];
        this.alphas = new double[betas.length];
        this.alphasCumprod = new double[betas.length];
        double prod = 1;
        for (int i = 0; i < betas.length; i++) {
            double b = betas[i];
            if (!(b >= 0 && b <= 1)) {
                throw new DmException("scheduler config: beta[" + i + "] = " + b + " is outside [0, 1]");
            }
            this.betas[i] = (float) b;
            this.alphas[i] = (float) (1f - (float) b);
            prod *= this.alphas[i];
            this.alphasCumprod[i] = (float) prod;
        }
    }

    private NoiseSchedule(double[] betas, double[] alphas, double[] alphasCumprod) {
        this.betas = betas;
        this.alphas = alphas;
        this.alphasCumprod = alphasCumprod;
    }

    /**
     * The schedule described by the shared keys of a scheduler config: {@code trained_betas} if present, else
     * {@code beta_schedule} over {@code num_train_timesteps} from {@code beta_start} to {@code beta_end};
     * then {@code rescale_betas_zero_snr}. Missing keys take diffusers' defaults (1000, 0.0001, 0.02, linear).
     */
    public static NoiseSchedule fromConfig(SchedulerConfig config) {
        double[] trained = config.doubleArrayOrNull("trained_betas");
        double[] betas;
        if (trained != null) {
            betas = trained;
        } else {
            int n = config.intValue("num_train_timesteps", 1000);
            BetaSchedule schedule = BetaSchedule.parse(config.stringValue("beta_schedule", "linear"));
            betas = schedule.betas(n, config.doubleValue("beta_start", 0.0001), config.doubleValue("beta_end", 0.02));
        }
        if (config.boolValue("rescale_betas_zero_snr", false)) betas = BetaSchedule.rescaleZeroTerminalSnr(betas);
        return new NoiseSchedule(betas);
    }

    /** N, the number of training timesteps. */
    public int numTrainTimesteps() {
        return betas.length;
    }

    /** beta_t, t = 0..N-1 (a copy). */
    public double[] betas() {
        return betas.clone();
    }

    /** alpha_t = 1 - beta_t (a copy). */
    public double[] alphas() {
        return alphas.clone();
    }

    /** abar_t (a copy). */
    public double[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    /** abar_t for one training timestep t in [0, N). */
    public double alphaCumprod(int t) {
        if (t < 0 || t >= alphasCumprod.length) {
            throw new IllegalArgumentException("timestep " + t + " outside [0, " + alphasCumprod.length + ")");
        }
        return alphasCumprod[t];
    }

    /** sigma_t = sqrt((1 - abar_t) / abar_t), increasing in t (diffusers computes it from float32 abar). */
    public double[] trainSigmas() {
        double[] s = new double[alphasCumprod.length];
        for (int i = 0; i < s.length; i++) s[i] = Math.sqrt((1 - alphasCumprod[i]) / alphasCumprod[i]);
        return s;
    }

    /**
     * A copy whose last abar is replaced: the sigma-based schedulers set abar_{N-1} = 2^-24 after a zero-SNR
     * rescale so that the first sigma is finite (diffusers EulerDiscreteScheduler / DPMSolverMultistepScheduler).
     */
    NoiseSchedule withLastAlphaCumprod(double value) {
        double[] acp = alphasCumprod.clone();
        acp[acp.length - 1] = (float) value;
        return new NoiseSchedule(betas, alphas, acp);
    }

    /**
     * Forward diffusion x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps with one timestep per sample.
     *
     * @param x0 clean samples [B, ...]
     * @param noise eps, same shape as x0
     * @param timesteps B training timesteps in [0, N)
     * @return x_t [B, ...] in x0's dtype and device
     */
    public Tensor addNoise(Tensor x0, Tensor noise, long[] timesteps) {
        checkBatch(x0, noise, timesteps.length);
        Tensor a = coefficient(x0, timesteps, true);   // [B, 1, ..., 1] sqrt(abar_t)
        Tensor b = coefficient(x0, timesteps, false);  // [B, 1, ..., 1] sqrt(1 - abar_t)
        return x0.mul(a).add(noise.mul(b));
    }

    /** {@link #addNoise(Tensor, Tensor, long[])} with the timesteps as an integer tensor [B] (any device). */
    public Tensor addNoise(Tensor x0, Tensor noise, Tensor timesteps) {
        return addNoise(x0, noise, toLongs(timesteps));
    }

    /**
     * Velocity target v_t = sqrt(abar_t) eps - sqrt(1 - abar_t) x0 for v-prediction training (diffusers
     * {@code get_velocity(sample=x0, noise, timesteps)}).
     *
     * @param x0 clean samples [B, ...]
     * @param noise eps, same shape
     * @param timesteps B training timesteps
     * @return v [B, ...]
     */
    public Tensor velocity(Tensor x0, Tensor noise, long[] timesteps) {
        checkBatch(x0, noise, timesteps.length);
        Tensor a = coefficient(x0, timesteps, true);
        Tensor b = coefficient(x0, timesteps, false);
        return noise.mul(a).sub(x0.mul(b));
    }

    /** {@link #velocity(Tensor, Tensor, long[])} with the timesteps as an integer tensor [B]. */
    public Tensor velocity(Tensor x0, Tensor noise, Tensor timesteps) {
        return velocity(x0, noise, toLongs(timesteps));
    }

    /** sqrt(abar_t) (or sqrt(1 - abar_t)) per sample as a [B, 1, ..., 1] tensor on x's device and dtype. */
    private Tensor coefficient(Tensor like, long[] timesteps, boolean signal) {
        float[] c = new float[timesteps.length];
        for (int i = 0; i < c.length; i++) {
            long t = timesteps[i];
            if (t < 0 || t >= alphasCumprod.length) {
                throw new IllegalArgumentException("timestep " + t + " outside [0, " + alphasCumprod.length + ")");
            }
            double abar = alphasCumprod[(int) t];
            c[i] = (float) Math.sqrt(signal ? abar : 1 - abar);
        }
        long[] shape = new long[(int) like.dim()];
        java.util.Arrays.fill(shape, 1L);
        shape[0] = c.length;
        return Tensor.create(c, shape).to(like.device(), like.scalar_type());
    }

    private static void checkBatch(Tensor x0, Tensor noise, int count) {
        if (x0.dim() < 1 || x0.size(0) != count) {
            throw new IllegalArgumentException("need one timestep per sample: batch " + (x0.dim() < 1 ? 0 : x0.size(0))
                    + ", timesteps " + count);
        }
        if (!java.util.Arrays.equals(x0.shape(), noise.shape())) {
            throw new IllegalArgumentException("noise shape " + java.util.Arrays.toString(noise.shape())
                    + " differs from sample shape " + java.util.Arrays.toString(x0.shape()));
        }
    }

    private static long[] toLongs(Tensor timesteps) {
        Tensor t = timesteps.to(org.bytedeco.pytorch.global.torch.ScalarType.Long).cpu().contiguous().reshape(-1);
        long[] out = new long[(int) t.numel()];
        t.data_ptr_long().get(out);
        return out;
    }
}
