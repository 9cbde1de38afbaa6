package org.diffumatting.schedulers;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;

/**
 * Ancestral Euler sampling ("Euler a", k-diffusion {@code sample_euler_ancestral}; Karras et al. 2022), as
 * diffusers' {@code EulerAncestralDiscreteScheduler}: an Euler step down to sigma_down followed by fresh noise of
 * size sigma_up, so that the marginal at sigma_{i+1} is right.
 *
 * <table>
 *   <caption>Notation (s = sigma_i, s' = sigma_{i+1})</caption>
 *   <tr><td>sigma_up = sqrt(s'^2 (s^2 - s'^2) / s^2)</td><td>new noise</td></tr>
 *   <tr><td>sigma_down = sqrt(s'^2 - sigma_up^2)</td><td>deterministic target</td></tr>
 *   <tr><td>x' = x + (x - x0) / s (sigma_down - s) + sigma_up z</td><td>z ~ N(0, I) from the {@link NoiseSource}</td></tr>
 * </table>
 *
 * prediction_type "sample" is not implemented by diffusers for this class and is rejected.
 */
public final class EulerAncestralDiscreteScheduler extends SigmaScheduler {

    /** An Euler-ancestral scheduler from any scheduler config. */
    public EulerAncestralDiscreteScheduler(SchedulerConfig source) {
        super(SchedulerType.EULER_ANCESTRAL_DISCRETE, source);
        if (prediction == PredictionType.SAMPLE) {
            throw new DmException("scheduler config key 'prediction_type': 'sample' is not supported by "
                    + "EulerAncestralDiscreteScheduler (expected epsilon or v_prediction)");
        }
    }

    @Override
    public void setTimesteps(int n) {
        double[] ts = spacing.euler(schedule.numTrainTimesteps(), n, stepsOffset);
        double[] train = sigmaSchedule.trainSigmas();
        double[] sig = new double[ts.length];
        for (int i = 0; i < ts.length; i++) sig[i] = Grid.interp(ts[i], train);
        install(ts, sig, 0.0);
    }

    @Override
    public StepOutput step(Tensor modelOutput, double timestep, Tensor sample, NoiseSource noise) {
        requireTimesteps();
        requireNoise(noise, "EulerAncestralDiscreteScheduler");
        int i = cursor.at(timestep);
        requireSameShape(modelOutput, sample);
        double from = sigmas[i];
        double to = sigmas[i + 1];
        double sigmaUp = Math.sqrt(to * to * (from * from - to * to) / (from * from));
        double sigmaDown = Math.sqrt(Math.max(0, to * to - sigmaUp * sigmaUp)); // = s'^2 / s
        Tensor x = toFloat(sample);
        Tensor x0 = predictX0(modelOutput, x, from);
        Tensor derivative = x.sub(x0).div(new Scalar(from));
        Tensor prev = x.add(derivative, new Scalar(sigmaDown - from));
        prev = prev.add(noise.randnLike(modelOutput), new Scalar(sigmaUp)).to(modelOutput.scalar_type());
        cursor.advance();
        return new StepOutput(prev, x0);
    }
}
