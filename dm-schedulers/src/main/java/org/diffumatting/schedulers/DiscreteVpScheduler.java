package org.diffumatting.schedulers;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;

/**
 * What diffusers' {@code DDPMScheduler} and {@code DDIMScheduler} share: integer training timesteps from the
 * timestep spacing, VP forward noising x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps, unscaled model input
 * (init_noise_sigma = 1), and the x0 post-processing of their step (dynamic thresholding, else clipping to
 * +-clip_sample_range when clip_sample).
 */
abstract class DiscreteVpScheduler extends AbstractScheduler {
    private final boolean clipSample;
    private final double clipSampleRange;
    private final boolean thresholding;
    private final double thresholdRatio;
    private final double sampleMaxValue;

    DiscreteVpScheduler(SchedulerType type, SchedulerConfig source) {
        super(type, source);
        this.clipSample = config.boolValue("clip_sample", true);
        this.clipSampleRange = config.doubleValue("clip_sample_range", 1.0);
        this.thresholding = config.boolValue("thresholding", false);
        this.thresholdRatio = config.doubleValue("dynamic_thresholding_ratio", 0.995);
        this.sampleMaxValue = config.doubleValue("sample_max_value", 1.0);
    }

    @Override
    public void setTimesteps(int n) {
        long[] t = spacing.discrete(schedule.numTrainTimesteps(), n, stepsOffset);
        double[] d = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 0 || t[i] >= schedule.numTrainTimesteps()) {
                throw new DmException("scheduler config key 'steps_offset': timestep " + t[i] + " for " + n
                        + " steps is outside [0, " + schedule.numTrainTimesteps() + ")");
            }
            d[i] = t[i];
        }
        timesteps = d;
    }

    @Override
    public Tensor addNoise(Tensor x0, Tensor noise, double timestep) {
        return vpNoise(x0, noise, timestep);
    }

    @Override
    public double initNoiseSigma() {
        return 1.0;
    }

    @Override
    public Tensor scaleModelInput(Tensor sample, double timestep) {
        return sample;
    }

    /**
     * The predicted x0 after diffusers' "clip or threshold" step: dynamic thresholding when thresholding, else
     * clamped to [-clip_sample_range, clip_sample_range] when clip_sample, else unchanged (same tensor).
     */
    protected Tensor clipOrThreshold(Tensor x0) {
        if (thresholding) {
            return DynamicThresholding.apply(x0, thresholdRatio, sampleMaxValue);
        } else if (clipSample) {
            return x0.clamp(new ScalarOptional(new Scalar(-clipSampleRange)),
                    new ScalarOptional(new Scalar(clipSampleRange)));
        }
        return x0;
    }
}
