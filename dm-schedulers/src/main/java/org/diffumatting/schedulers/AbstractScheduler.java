package org.diffumatting.schedulers;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;

/** State and helpers shared by the schedulers: resolved config, noise schedule, prediction type, timesteps. */
abstract class AbstractScheduler implements Scheduler {
    protected final SchedulerType type;
    protected final SchedulerConfig config;
    protected final NoiseSchedule schedule;
    protected final PredictionType prediction;
    protected final TimestepSpacing spacing;
    protected final int stepsOffset;
    /** Inference timesteps, null until setTimesteps. */
    protected double[] timesteps;

    AbstractScheduler(SchedulerType type, SchedulerConfig source) {
        this.type = type;
        this.config = type.resolve(source);
        this.schedule = NoiseSchedule.fromConfig(config);
        this.prediction = PredictionType.parse(config.stringValue("prediction_type", "epsilon"));
        this.spacing = TimestepSpacing.parse(config.stringValue("timestep_spacing", "linspace"));
        this.stepsOffset = config.intValue("steps_offset", 0);
        if (config.doubleArrayOrNull("trained_betas") != null
                && config.doubleArrayOrNull("trained_betas").length != config.intValue("num_train_timesteps", 1000)) {
            // diffusers silently uses len(trained_betas); we require the two to agree so timesteps stay in range
            throw new DmException("scheduler config key 'trained_betas' has "
                    + config.doubleArrayOrNull("trained_betas").length + " values but 'num_train_timesteps' is "
                    + config.intValue("num_train_timesteps", 1000));
        }
    }

    @Override
    public SchedulerType type() {
        return type;
    }

    @Override
    public SchedulerConfig config() {
        return config;
    }

    @Override
    public NoiseSchedule noiseSchedule() {
        return schedule;
    }

    @Override
    public double[] timesteps() {
        return requireTimesteps().clone();
    }

    protected double[] requireTimesteps() {
        if (timesteps == null) {
            throw new IllegalStateException(type.className() + ": call setTimesteps(n) before sampling");
        }
        return timesteps;
    }

    /** Index of t in the inference timesteps (first occurrence); IllegalStateException when absent. */
    protected int indexOf(double t) {
        double[] ts = requireTimesteps();
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] == t) return i;
        }
        throw new IllegalStateException(type.className() + ": timestep " + t + " is not in the schedule "
                + java.util.Arrays.toString(ts));
    }

    /** sqrt(abar_t) x0 + sqrt(1 - abar_t) eps at an integer training timestep t (same t for the whole batch). */
    protected Tensor vpNoise(Tensor x0, Tensor noise, double timestep) {
        if (timestep != Math.rint(timestep) || timestep < 0 || timestep >= schedule.numTrainTimesteps()) {
            throw new IllegalArgumentException(type.className() + ": addNoise needs an integer timestep in [0, "
                    + schedule.numTrainTimesteps() + "), got " + timestep);
        }
        double abar = schedule.alphaCumprod((int) timestep);
        return axpby(Math.sqrt(abar), x0, Math.sqrt(1 - abar), noise);
    }

    /** Rejects a config value this port does not implement (anything but diffusers' default). */
    protected void requireDefault(String key) {
        Object def = type.defaults().get(key);
        var given = config.values().get(key);
        if (!SchedulerConfig.toNode(def).equals(given)) {
            throw new DmException("scheduler config key '" + key + "' = " + given + " is not supported by "
                    + type.className() + " in this port (only " + SchedulerConfig.toNode(def) + ")");
        }
    }

    /** The model output must have the sample's shape (diffusers would fail inside broadcasting, or broadcast). */
    protected static void requireSameShape(Tensor modelOutput, Tensor sample) {
        if (!java.util.Arrays.equals(modelOutput.shape(), sample.shape())) {
            throw new IllegalArgumentException("model output shape " + java.util.Arrays.toString(modelOutput.shape())
                    + " differs from sample shape " + java.util.Arrays.toString(sample.shape()));
        }
    }

    protected static void requireNoise(NoiseSource noise, String who) {
        if (noise == null) throw new IllegalArgumentException(who + " is stochastic: step(...) needs a NoiseSource");
    }

    /** a * x + b * y (new tensor). */
    protected static Tensor axpby(double a, Tensor x, double b, Tensor y) {
        return x.mul(new Scalar(a)).add(y, new Scalar(b));
    }

    /** a * x (new tensor). */
    protected static Tensor scale(double a, Tensor x) {
        return x.mul(new Scalar(a));
    }
}
