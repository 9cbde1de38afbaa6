package org.diffumatting.train.optim;

/**
 * Linear warm-up then cosine decay (Loshchilov &amp; Hutter 2017, SGDR, without restarts; as nanoGPT's
 * {@code get_lr} and diffusers' {@code get_cosine_schedule_with_warmup} with a floor):
 * <pre>
 *   lr(s) = peak * (s + 1) / W                                         s &lt; W
 *   lr(s) = peak * (r + (1 - r) * 0.5 * (1 + cos(pi * (s - W) / (S - W))))   W &lt;= s &lt; S
 * </pre>
 * s = optimizer step (0-based), W = warm-up steps, S = total steps, r = final fraction of the peak.
 */
public record LearningRateSchedule(double peak, int warmupSteps, int totalSteps, double minRatio) {

    public double at(long step) {
        if (warmupSteps > 0 && step < warmupSteps) return peak * (step + 1) / warmupSteps;
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        return peak * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
