package org.diffumatting.train.loss;

import org.diffumatting.schedulers.NoiseSchedule;
import org.diffumatting.schedulers.PredictionType;

/**
 * Per-sample timestep weights built on SNR_t = abar_t / (1 - abar_t).
 *
 * <ul>
 *   <li>Min-SNR-gamma loss weighting (Hang et al. 2023, "Efficient Diffusion Training via Min-SNR Weighting
 *       Strategy", eq. 10; diffusers examples/text_to_image/train_text_to_image.py, {@code --snr_gamma}):
 *       w_t = min(SNR_t, gamma) / SNR_t for epsilon targets, min(SNR_t, gamma) / (SNR_t + 1) for v targets,
 *       min(SNR_t, gamma) for x0 targets.</li>
 *   <li>Clamped SNR min(SNR_t, gamma), the weight of the green background control loss on x0_hat
 *       (docs/DESIGN.md section 2): an x0 error is weighted like an x0-prediction loss, capped at gamma so the
 *       nearly-clean timesteps do not dominate.</li>
 * </ul>
 */
public final class SnrWeights {
    private SnrWeights() {}

    /** SNR_t for each timestep. */
    public static double[] snr(NoiseSchedule schedule, long[] timesteps) {
        double[] out = new double[timesteps.length];
        for (int i = 0; i < out.length; i++) {
            double ab = schedule.alphaCumprod((int) timesteps[i]);
            out[i] = ab / (1 - ab);
        }
        return out;
    }

    /**
     * Min-SNR-gamma weights for the noise loss; all ones when gamma &lt;= 0 (weighting off).
     */
    public static float[] minSnrLossWeights(NoiseSchedule schedule, long[] timesteps, double gamma, PredictionType type) {
        float[] w = new float[timesteps.length];
        double[] snr = snr(schedule, timesteps);
        for (int i = 0; i < w.length; i++) {
            if (gamma <= 0) {
                w[i] = 1f;
                continue;
            }
            double clamped = Math.min(snr[i], gamma);
            switch (type) {
                case EPSILON: w[i] = (float) (clamped / snr[i]); break;
                case V_PREDICTION: w[i] = (float) (clamped / (snr[i] + 1)); break;
                default: w[i] = (float) clamped; break;
            }
        }
        return w;
    }

    /** min(SNR_t, gamma) per sample (gamma &gt; 0). */
    public static float[] clampedSnr(NoiseSchedule schedule, long[] timesteps, double gamma) {
        if (!(gamma > 0)) throw new IllegalArgumentException("SNR clamp gamma must be > 0, got " + gamma);
        double[] snr = snr(schedule, timesteps);
        float[] w = new float[snr.length];
        for (int i = 0; i < w.length; i++) w[i] = (float) Math.min(snr[i], gamma);
        return w;
    }
}
