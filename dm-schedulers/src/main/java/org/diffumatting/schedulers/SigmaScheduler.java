package org.diffumatting.schedulers;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Common part of the samplers that work in Karras' sigma parametrisation (Euler, Euler ancestral): the
 * variance-exploding view x = x0 + sigma eps, where x = x_t / sqrt(abar_t) and sigma_t = sqrt((1 - abar_t) /
 * abar_t). The model was trained on x_t, so its input is x / sqrt(sigma^2 + 1) ({@link #scaleModelInput}).
 * Sources: diffusers scheduling_euler_discrete.py; Karras et al. 2022, arXiv 2206.00364, Table 1.
 */
abstract class SigmaScheduler extends AbstractScheduler {
    /** Training schedule used for sigmas: abar_{N-1} = 2^-24 after a zero-SNR rescale so sigma_max is finite. */
    protected final NoiseSchedule sigmaSchedule;
    /** Inference sigmas, n + 1 values (the last is 0 or sigma_min), float32-exact; null until setTimesteps. */
    protected double[] sigmas;
    protected StepCursor cursor;

    SigmaScheduler(SchedulerType type, SchedulerConfig source) {
        super(type, source);
        this.sigmaSchedule = config.boolValue("rescale_betas_zero_snr", false)
                ? schedule.withLastAlphaCumprod(Math.pow(2, -24)) : schedule;
    }

    /** Installs timesteps and sigmas (sigmas without the final value) and resets the step counter. */
    protected void install(double[] newTimesteps, double[] newSigmas, double lastSigma) {
        double[] s = new double[newSigmas.length + 1];
        for (int i = 0; i < newSigmas.length; i++) s[i] = (float) newSigmas[i];
        s[newSigmas.length] = (float) lastSigma;
        this.timesteps = newTimesteps;
        this.sigmas = s;
        this.cursor = new StepCursor(type.className(), newTimesteps);
    }

    /** The n + 1 inference sigmas, descending, last = 0 (or sigma_min); a copy. */
    public double[] sigmas() {
        requireTimesteps();
        return sigmas.clone();
    }

    /** sigma_max for "linspace"/"trailing" spacing, sqrt(sigma_max^2 + 1) for "leading" (diffusers). */
    @Override
    public double initNoiseSigma() {
        requireTimesteps();
        double max = 0;
        for (double s : sigmas) max = Math.max(max, s);
        return spacing == TimestepSpacing.LEADING ? Math.sqrt(max * max + 1) : max;
    }

    /** x0 + sigma_t eps with sigma_t of timestep t in the schedule (diffusers EulerDiscreteScheduler.add_noise). */
    @Override
    public Tensor addNoise(Tensor x0, Tensor noise, double timestep) {
        double sigma = sigmas[scheduleIndex(timestep)];
        return x0.add(noise, new Scalar(sigma));
    }

    /** Index of t for addNoise: the second occurrence when t repeats (diffusers index_for_timestep). */
    protected int scheduleIndex(double timestep) {
        double[] ts = requireTimesteps();
        int first = -1;
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] == timestep) {
                if (first >= 0) return i;
                first = i;
            }
        }
        if (first < 0) {
            throw new IllegalStateException(type.className() + ": timestep " + timestep + " is not in the schedule");
        }
        return first;
    }

    /** x / sqrt(sigma^2 + 1): the x_t the model was trained on. */
    @Override
    public Tensor scaleModelInput(Tensor sample, double timestep) {
        requireTimesteps();
        double sigma = sigmas[cursor.at(timestep)];
        return sample.div(new Scalar(Math.sqrt(sigma * sigma + 1)));
    }

    /**
     * Predicted x0 in the sigma view: epsilon x - sigma eps; v_prediction
     * v (-sigma / sqrt(sigma^2 + 1)) + x / (sigma^2 + 1) (c_out, c_skip of Karras Table 1); sample as given.
     */
    protected Tensor predictX0(Tensor modelOutput, Tensor sample, double sigma) {
        return switch (prediction) {
            case EPSILON -> sample.sub(modelOutput.mul(new Scalar(sigma)));
            case V_PREDICTION -> axpby(-sigma / Math.sqrt(sigma * sigma + 1), modelOutput, 1 / (sigma * sigma + 1), sample);
            case SAMPLE -> modelOutput;
        };
    }

    /** Upcasts to float32 for the update, as diffusers does ("avoid precision issues"). */
    protected static Tensor toFloat(Tensor t) {
        return t.scalar_type() == torch.ScalarType.Float || t.scalar_type() == torch.ScalarType.Double
                ? t : t.to(torch.ScalarType.Float);
    }
}
