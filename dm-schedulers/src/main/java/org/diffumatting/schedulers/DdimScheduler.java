package org.diffumatting.schedulers;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;

/**
 * DDIM sampling (Song et al. 2021, "Denoising Diffusion Implicit Models", arXiv 2010.02502), as diffusers'
 * {@code DDIMScheduler}, with the stochasticity eta of eq. (16) (0 = deterministic DDIM, 1 = DDPM-like).
 *
 * <table>
 *   <caption>Notation</caption>
 *   <tr><td>t' = t - N // n</td><td>previous timestep (diffusers uses this stride for every spacing)</td></tr>
 *   <tr><td>abar_t'</td><td>abar at t', or final_alpha_cumprod (1 if set_alpha_to_one, else abar_0) when t' &lt; 0</td></tr>
 *   <tr><td>x0, eps</td><td>predicted clean sample and noise from the model output; x0 clipped when clip_sample</td></tr>
 *   <tr><td>sigma_t = eta sqrt((1 - abar_t') / (1 - abar_t) (1 - abar_t / abar_t'))</td><td>eq. (16)</td></tr>
 *   <tr><td>x_t' = sqrt(abar_t') x0 + sqrt(1 - abar_t' - sigma_t^2) eps + sigma_t z</td><td>eq. (12)</td></tr>
 * </table>
 */
public final class DdimScheduler extends DiscreteVpScheduler {
    private final double eta;
    private final double finalAlphaCumprod;

    /** Deterministic DDIM (eta = 0). */
    public DdimScheduler(SchedulerConfig source) {
        this(source, 0.0);
    }

    /**
     * @param eta noise weight of eq. (16), in [0, 1] (diffusers passes it to {@code step}; here it is fixed per
     *     instance)
     */
    public DdimScheduler(SchedulerConfig source, double eta) {
        super(SchedulerType.DDIM, source);
        if (!(eta >= 0)) throw new DmException("DDIM eta must be >= 0, got " + eta);
        this.eta = eta;
        this.finalAlphaCumprod = config.boolValue("set_alpha_to_one", true) ? 1.0 : schedule.alphaCumprod(0);
    }

    /** The eta of this instance. */
    public double eta() {
        return eta;
    }

    @Override
    public StepOutput step(Tensor modelOutput, double timestep, Tensor sample, NoiseSource noise) {
        indexOf(timestep);
        requireSameShape(modelOutput, sample);
        int t = (int) timestep;
        int prevT = t - schedule.numTrainTimesteps() / timesteps.length;
        double abarT = schedule.alphaCumprod(t);
        double abarPrev = prevT >= 0 ? schedule.alphaCumprod(prevT) : finalAlphaCumprod;
        double betaProdT = 1 - abarT;

        // 1. predicted x0 and eps (eq. 12's "predicted x0" and "direction pointing to x_t")
        Tensor x0;
        Tensor eps;
        switch (prediction) {
            case EPSILON -> {
                x0 = scale(1 / Math.sqrt(abarT), axpby(1, sample, -Math.sqrt(betaProdT), modelOutput));
                eps = modelOutput;
            }
            case SAMPLE -> {
                x0 = modelOutput;
                eps = scale(1 / Math.sqrt(betaProdT), axpby(1, sample, -Math.sqrt(abarT), x0));
            }
            case V_PREDICTION -> {
                x0 = axpby(Math.sqrt(abarT), sample, -Math.sqrt(betaProdT), modelOutput);
                eps = axpby(Math.sqrt(abarT), modelOutput, Math.sqrt(betaProdT), sample);
            }
            default -> throw new IllegalStateException();
        }
        // 2. clip or threshold x0 (eps is not recomputed: diffusers' use_clipped_model_output = False)
        x0 = clipOrThreshold(x0);
        // 3. eq. (16) sigma and eq. (12) update
        double variance = (1 - abarPrev) / betaProdT * (1 - abarT / abarPrev);
        double std = eta * Math.sqrt(variance);
        Tensor prev = axpby(Math.sqrt(abarPrev), x0, Math.sqrt(1 - abarPrev - std * std), eps);
        if (eta > 0) {
            requireNoise(noise, "DDIMScheduler with eta > 0");
            prev = prev.add(noise.randnLike(modelOutput), new Scalar(std));
        }
        return new StepOutput(prev, x0);
    }
}
