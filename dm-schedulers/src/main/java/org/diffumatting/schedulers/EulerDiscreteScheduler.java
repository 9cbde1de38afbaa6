package org.diffumatting.schedulers;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;

/**
 * Euler sampling of the probability-flow ODE in sigma space (Karras et al. 2022, arXiv 2206.00364, Algorithm 2
 * without churn), as diffusers' {@code EulerDiscreteScheduler} (s_churn = 0).
 *
 * <table>
 *   <caption>Notation</caption>
 *   <tr><td>sigma_i, i = 0..n</td><td>{@link #sigmas()}: training sigmas interpolated at the timesteps (or
 *       Karras / exponential resampled, use_karras_sigmas / use_exponential_sigmas), then 0 (final_sigmas_type
 *       zero) or sigma of t = 0 (sigma_min)</td></tr>
 *   <tr><td>x0</td><td>see {@link SigmaScheduler#predictX0}</td></tr>
 *   <tr><td>d = (x - x0) / sigma_i</td><td>ODE derivative dx/dsigma</td></tr>
 *   <tr><td>x' = x + d (sigma_{i+1} - sigma_i)</td><td>Euler step</td></tr>
 * </table>
 *
 * Supported keys beyond the shared ones: use_karras_sigmas, use_exponential_sigmas, sigma_min, sigma_max,
 * final_sigmas_type. Not supported (rejected when not default): interpolation_type log_linear, use_beta_sigmas,
 * timestep_type continuous.
 */
public final class EulerDiscreteScheduler extends SigmaScheduler {
    private final boolean karras;
    private final boolean exponential;
    private final Double sigmaMin;
    private final Double sigmaMax;
    private final boolean finalSigmaMin;

    /** An Euler scheduler from any scheduler config (missing keys take EulerDiscreteScheduler's defaults). */
    public EulerDiscreteScheduler(SchedulerConfig source) {
        super(SchedulerType.EULER_DISCRETE, source);
        requireDefault("interpolation_type");
        requireDefault("use_beta_sigmas");
        requireDefault("timestep_type");
        this.karras = config.boolValue("use_karras_sigmas", false);
        this.exponential = config.boolValue("use_exponential_sigmas", false);
        if (karras && exponential) {
            throw new DmException("scheduler config keys 'use_karras_sigmas' and 'use_exponential_sigmas' "
                    + "cannot both be true");
        }
        this.sigmaMin = config.nullableDouble("sigma_min");
        this.sigmaMax = config.nullableDouble("sigma_max");
        String finalType = config.stringValue("final_sigmas_type", "zero");
        if (!finalType.equals("zero") && !finalType.equals("sigma_min")) {
            throw new DmException("scheduler config key 'final_sigmas_type': unsupported value '" + finalType
                    + "' (expected zero or sigma_min)");
        }
        this.finalSigmaMin = finalType.equals("sigma_min");
    }

    @Override
    public void setTimesteps(int n) {
        double[] ts = spacing.euler(schedule.numTrainTimesteps(), n, stepsOffset);
        double[] train = sigmaSchedule.trainSigmas();
        double[] sig = new double[ts.length];
        for (int i = 0; i < ts.length; i++) sig[i] = Grid.interp(ts[i], train);
        if (karras || exponential) {
            double lo = sigmaMin != null ? sigmaMin : sig[sig.length - 1];
            double hi = sigmaMax != null ? sigmaMax : sig[0];
            sig = karras ? SigmaSchedules.karras(lo, hi, n) : SigmaSchedules.exponential(lo, hi, n);
            double[] logSigmas = new double[train.length];
            for (int i = 0; i < train.length; i++) logSigmas[i] = Math.log(train[i]);
            ts = new double[n];
            for (int i = 0; i < n; i++) ts[i] = (float) SigmaSchedules.sigmaToTimestep(sig[i], logSigmas);
        }
        install(ts, sig, finalSigmaMin ? train[0] : 0.0);
    }

    @Override
    public StepOutput step(Tensor modelOutput, double timestep, Tensor sample, NoiseSource noise) {
        requireTimesteps();
        int i = cursor.at(timestep);
        requireSameShape(modelOutput, sample);
        double sigma = sigmas[i];
        Tensor x = toFloat(sample);
        Tensor x0 = predictX0(modelOutput, x, sigma);
        Tensor derivative = x.sub(x0).div(new Scalar(sigma));     // d = (x - x0) / sigma
        double dt = sigmas[i + 1] - sigma;
        Tensor prev = x.add(derivative, new Scalar(dt)).to(modelOutput.scalar_type());
        cursor.advance();
        return new StepOutput(prev, x0);
    }
}
