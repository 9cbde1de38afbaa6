package org.diffumatting.schedulers;

import org.bytedeco.pytorch.Tensor;

/**
 * A diffusion sampler with diffusers' scheduler contract (docs/DESIGN.md section 6):
 *
 * <pre>{@code
 * scheduler.setTimesteps(steps);
 * SeededNoiseSource noise = new SeededNoiseSource(seeds); // one seed per sample
 * Tensor x = noise.randn(4, h / 8, w / 8).mul(new Scalar(scheduler.initNoiseSigma()));
 * for (double t : scheduler.timesteps()) {
 *     try (MemoryScope scope = MemoryScope.open()) {          // org.diffumatting.tensor.MemoryScope
 *         Tensor in = scheduler.scaleModelInput(x, t);
 *         Tensor out = unet.forward(in, t, context);
 *         x = scope.keep(scheduler.step(out, t, x, noise).prevSample()); // keep x, free the temporaries
 *     }
 * }
 * }</pre>
 *
 * Misuse throws IllegalStateException: stepping or asking for timesteps before {@link #setTimesteps}, a t that
 * is not in the schedule, or (for multistep/sigma schedulers) a t out of the schedule's order. Instances are
 * stateful (step counters, multistep history) and not thread-safe; make one per sampling loop.
 */
public interface Scheduler {
    /** Which diffusers class this is. */
    SchedulerType type();

    /** The full resolved config (every key of the class), to save as scheduler_config.json. */
    SchedulerConfig config();

    /** The training noise schedule (betas, abar) and the training helpers addNoise / velocity. */
    NoiseSchedule noiseSchedule();

    /** Chooses the inference timesteps (1 &lt;= n &lt;= num_train_timesteps) and resets any step state. */
    void setTimesteps(int numInferenceSteps);

    /** The inference timesteps, descending (a copy); integer-valued except for some Euler schedules. */
    double[] timesteps();

    /** Standard deviation to multiply unit Gaussian initial noise with. */
    double initNoiseSigma();

    /** The denoiser input for this step: the sample itself, or x / sqrt(sigma^2 + 1) for sigma-based samplers. */
    Tensor scaleModelInput(Tensor sample, double timestep);

    /**
     * One reverse-diffusion step from timestep t to the next one.
     *
     * @param modelOutput the denoiser's output for {@link #scaleModelInput}(sample, t), [B, C, H, W]
     * @param timestep t, one of {@link #timesteps()}, in order
     * @param sample x_t, [B, C, H, W]
     * @param noise fresh Gaussian noise for stochastic samplers; may be null for deterministic ones
     */
    StepOutput step(Tensor modelOutput, double timestep, Tensor sample, NoiseSource noise);

    /**
     * Noises clean samples to the level of one inference timestep in this sampler's own parametrisation, to start
     * sampling mid-schedule (image-to-image, inpainting; diffusers {@code scheduler.add_noise}): VP
     * sqrt(abar_t) x0 + sqrt(1 - abar_t) eps for DDPM, DDIM and DPM-Solver (DPM-Solver from its sigma at t),
     * x0 + sigma_t eps for Euler and Euler ancestral (whose samples live in sigma space). For training targets
     * use {@link NoiseSchedule#addNoise} with per-sample timesteps.
     *
     * @param x0 clean samples [B, ...]
     * @param noise eps, same shape
     * @param timestep one of {@link #timesteps()} (DDPM/DDIM: any training timestep)
     */
    Tensor addNoise(Tensor x0, Tensor noise, double timestep);

    /** {@link #step(Tensor, double, Tensor, NoiseSource)} without a noise source (deterministic samplers). */
    default StepOutput step(Tensor modelOutput, double timestep, Tensor sample) {
        return step(modelOutput, timestep, sample, null);
    }
}
