package org.diffumatting.schedulers;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;

/**
 * Ancestral DDPM sampling (Ho et al. 2020, "Denoising Diffusion Probabilistic Models", arXiv 2006.11239),
 * as diffusers' {@code DDPMScheduler}.
 *
 * <table>
 *   <caption>Notation (t = current timestep, t' = previous = next entry of the schedule, -1 after the last)</caption>
 *   <tr><td>abar_t, abar_t'</td><td>abar_t' = 1 when t' &lt; 0</td></tr>
 *   <tr><td>alpha = abar_t / abar_t', beta = 1 - alpha</td><td>the effective one-step alpha/beta between t and t'</td></tr>
 *   <tr><td>x0</td><td>from the model output (eq. 15 for epsilon), clipped to +-clip_sample_range when clip_sample</td></tr>
 *   <tr><td>mu = sqrt(abar_t') beta / (1 - abar_t) x0 + sqrt(alpha) (1 - abar_t') / (1 - abar_t) x_t</td><td>eq. (7)</td></tr>
 *   <tr><td>var = max((1 - abar_t') / (1 - abar_t) beta, 1e-20)</td><td>fixed_small (beta-tilde, eq. 7)</td></tr>
 *   <tr><td>x_t' = mu + std z, z ~ N(0, I)</td><td>std = sqrt(var) (fixed_small, fixed_small_log) or sqrt(beta)
 *       (fixed_large); no noise when t = 0</td></tr>
 * </table>
 *
 * Supported {@code variance_type}: fixed_small, fixed_small_log, fixed_large (learned variants need a model that
 * predicts variance and are rejected).
 */
public final class DdpmScheduler extends DiscreteVpScheduler {
    private final String varianceType;

    /** A DDPM scheduler from any scheduler config (missing keys take DDPMScheduler's defaults). */
    public DdpmScheduler(SchedulerConfig source) {
        super(SchedulerType.DDPM, source);
        this.varianceType = config.stringValue("variance_type", "fixed_small");
        if (!varianceType.equals("fixed_small") && !varianceType.equals("fixed_small_log")
                && !varianceType.equals("fixed_large")) {
            throw new DmException("scheduler config key 'variance_type': unsupported value '" + varianceType
                    + "' for DDPMScheduler (expected fixed_small, fixed_small_log or fixed_large)");
        }
    }

    @Override
    public StepOutput step(Tensor modelOutput, double timestep, Tensor sample, NoiseSource noise) {
        int i = indexOf(timestep);
        requireSameShape(modelOutput, sample);
        int t = (int) timestep;
        int prevT = i + 1 < timesteps.length ? (int) timesteps[i + 1] : -1;
        double abarT = schedule.alphaCumprod(t);
        double abarPrev = prevT >= 0 ? schedule.alphaCumprod(prevT) : 1.0;
        double betaProdT = 1 - abarT;
        double betaProdPrev = 1 - abarPrev;
        double alpha = abarT / abarPrev;
        double beta = 1 - alpha;

        // 1. predicted x0 (DDPM eq. 15 for epsilon)
        Tensor x0 = switch (prediction) {
            case EPSILON -> scale(1 / Math.sqrt(abarT), axpby(1, sample, -Math.sqrt(betaProdT), modelOutput));
            case SAMPLE -> modelOutput;
            case V_PREDICTION -> axpby(Math.sqrt(abarT), sample, -Math.sqrt(betaProdT), modelOutput);
        };
        // 2. clip or threshold
        x0 = clipOrThreshold(x0);
        // 3. posterior mean, eq. (7)
        double x0Coeff = Math.sqrt(abarPrev) * beta / betaProdT;
        double xtCoeff = Math.sqrt(alpha) * betaProdPrev / betaProdT;
        Tensor prev = axpby(x0Coeff, x0, xtCoeff, sample);
        // 4. noise
        if (t > 0) {
            requireNoise(noise, "DDPMScheduler");
            double variance = Math.max(betaProdPrev / betaProdT * beta, 1e-20);
            double std = varianceType.equals("fixed_large") ? Math.sqrt(beta) : Math.sqrt(variance);
            prev = prev.add(noise.randnLike(modelOutput), new Scalar(std));
        }
        return new StepOutput(prev, x0);
    }
}
