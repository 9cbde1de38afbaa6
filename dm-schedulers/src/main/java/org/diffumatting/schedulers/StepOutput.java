package org.diffumatting.schedulers;

import org.bytedeco.pytorch.Tensor;

/**
 * Result of one denoising step (diffusers {@code SchedulerOutput}).
 *
 * @param prevSample x_{t-1}, the sample at the next (less noisy) timestep; same shape as the input sample
 * @param predOriginalSample the model's estimate of the clean sample x0 at this step (for previews and
 *     guidance); DPM-Solver++ returns its data prediction
 */
public record StepOutput(Tensor prevSample, Tensor predOriginalSample) {}
