package org.diffumatting.train.loss;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.schedulers.NoiseSchedule;
import org.diffumatting.schedulers.PredictionType;

/**
 * What the UNet is trained to output, and the clean latent it implies.
 *
 * <table>
 *   <caption>Notation (DDPM, Ho et al. 2020 eq. 4 and 15; v: Salimans &amp; Ho 2022 sec. 4)</caption>
 *   <tr><td>x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps</td><td>noisy latent</td></tr>
 *   <tr><td>epsilon target</td><td>eps</td></tr>
 *   <tr><td>v target</td><td>v = sqrt(abar_t) eps - sqrt(1 - abar_t) x0</td></tr>
 *   <tr><td>x0_hat (epsilon)</td><td>(x_t - sqrt(1 - abar_t) eps_hat) / sqrt(abar_t)</td></tr>
 *   <tr><td>x0_hat (v)</td><td>sqrt(abar_t) x_t - sqrt(1 - abar_t) v_hat</td></tr>
 * </table>
 * (diffusers DDPMScheduler.step, "pred_original_sample" for each prediction_type.)
 */
public final class DiffusionTargets {
    private DiffusionTargets() {}

    /** The regression target for {@code type}: eps, v, or x0 ({@code sample}). Shapes as x0 [B, C, h, w]. */
    public static Tensor target(NoiseSchedule schedule, Tensor x0, Tensor eps, long[] t, PredictionType type) {
        switch (type) {
            case EPSILON: return eps;
            case V_PREDICTION: return schedule.velocity(x0, eps, t);
            case SAMPLE: return x0;
            default: throw new IllegalArgumentException("unsupported prediction type " + type);
        }
    }

    /** x0_hat from the model output (keeps the graph through {@code modelOutput}). */
    public static Tensor predictedX0(NoiseSchedule schedule, Tensor xt, Tensor modelOutput, long[] t, PredictionType type) {
        float[] a = new float[t.length];
        float[] b = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            double ab = schedule.alphaCumprod((int) t[i]);
            a[i] = (float) Math.sqrt(ab);
            b[i] = (float) Math.sqrt(1 - ab);
        }
        Tensor sa = LossMath.sampleWeights(a, xt);  // [B,1,1,1] sqrt(abar_t)
        Tensor sb = LossMath.sampleWeights(b, xt);  // [B,1,1,1] sqrt(1 - abar_t)
        switch (type) {
            case EPSILON: return xt.sub(modelOutput.mul(sb)).div(sa);
            case V_PREDICTION: return xt.mul(sa).sub(modelOutput.mul(sb));
            case SAMPLE: return modelOutput;
            default: throw new IllegalArgumentException("unsupported prediction type " + type);
        }
    }
}
