package org.diffumatting.schedulers;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;

/**
 * DPM-Solver++ multistep, orders 1 and 2 ("2M"; Lu et al. 2022, "DPM-Solver++", arXiv 2211.01095, Algorithm 2),
 * as diffusers' {@code DPMSolverMultistepScheduler} with algorithm_type "dpmsolver++" (or "sde-dpmsolver++",
 * the stochastic "DPM++ 2M SDE", ibid. sec. 5). With use_karras_sigmas = true this is "DPM++ 2M Karras".
 *
 * <table>
 *   <caption>Notation (s0 = current step i, s1 = previous step i-1, t = next step i+1)</caption>
 *   <tr><td>sigma_i</td><td>{@link #sigmas()}: n + 1 Karras-view sigmas (last 0 or sigma_min)</td></tr>
 *   <tr><td>alpha = 1 / sqrt(sigma^2 + 1), sigma_vp = sigma alpha</td><td>VP coefficients of x_t = alpha x0 + sigma_vp eps</td></tr>
 *   <tr><td>lambda = log alpha - log sigma_vp</td><td>half log-SNR</td></tr>
 *   <tr><td>h = lambda_t - lambda_s0, r0 = (lambda_s0 - lambda_s1) / h</td><td></td></tr>
 *   <tr><td>m0, m1</td><td>data predictions x0 at s0 and s1 (convert_model_output)</td></tr>
 *   <tr><td>1st order: x_t = (sigma_t / sigma_s0) x - alpha_t (e^-h - 1) m0</td><td>eq. (5), = DDIM</td></tr>
 *   <tr><td>2nd order midpoint: D1 = (m0 - m1) / r0; x_t = (sigma_t / sigma_s0) x - alpha_t (e^-h - 1) (m0 + D1 / 2)</td><td>Algorithm 2</td></tr>
 *   <tr><td>heun: x_t = (sigma_t / sigma_s0) x - alpha_t (e^-h - 1) m0 + alpha_t ((e^-h - 1) / h + 1) D1</td><td></td></tr>
 *   <tr><td>SDE 1st order: x_t = (sigma_t / sigma_s0) e^-h x + alpha_t (1 - e^-2h) m0 + sigma_t sqrt(1 - e^-2h) z</td>
 *       <td>z from the {@link NoiseSource}, every step</td></tr>
 *   <tr><td>SDE 2nd order: the same + alpha_t (1 - e^-2h) D1 / 2 (midpoint) or
 *       alpha_t ((1 - e^-2h) / (-2h) + 1) D1 (heun)</td><td></td></tr>
 * </table>
 *
 * The first step is first order (no history). The last step is first order when final_sigmas_type is "zero",
 * euler_at_final is set, or lower_order_final is set and there are fewer than 15 steps.
 * Supported beyond the shared keys: solver_order 1 or 2, solver_type midpoint|heun, lower_order_final,
 * euler_at_final, use_karras_sigmas, use_exponential_sigmas, final_sigmas_type, lambda_min_clipped, thresholding.
 * Rejected when not default: algorithm_type other than dpmsolver++ / sde-dpmsolver++, solver_order 3, use_beta_sigmas,
 * use_lu_lambdas, use_flow_sigmas, use_dynamic_shifting, variance_type.
 */
public final class DpmSolverMultistepScheduler extends AbstractScheduler {
    private final int solverOrder;
    private final boolean sde;
    private final boolean heun;
    private final boolean lowerOrderFinal;
    private final boolean eulerAtFinal;
    private final boolean karras;
    private final boolean exponential;
    private final boolean finalSigmaMin;
    private final double lambdaMinClipped;
    private final boolean thresholding;
    private final double thresholdRatio;
    private final double sampleMaxValue;
    private final NoiseSchedule sigmaSchedule;

    private double[] sigmas;
    private StepCursor cursor;
    /** Data predictions of the previous and current step (diffusers model_outputs). */
    private Tensor previousX0;
    private int lowerOrderNums;

    /** A DPM-Solver++ scheduler from any scheduler config (missing keys take diffusers' defaults). */
    public DpmSolverMultistepScheduler(SchedulerConfig source) {
        super(SchedulerType.DPM_SOLVER_MULTISTEP, source);
        String algorithm = config.stringValue("algorithm_type", "dpmsolver++");
        if (!algorithm.equals("dpmsolver++") && !algorithm.equals("sde-dpmsolver++")) {
            throw new DmException("scheduler config key 'algorithm_type': unsupported value '" + algorithm
                    + "' (this port implements dpmsolver++ and sde-dpmsolver++)");
        }
        this.sde = algorithm.equals("sde-dpmsolver++");
        requireDefault("use_beta_sigmas");
        requireDefault("use_lu_lambdas");
        requireDefault("use_flow_sigmas");
        requireDefault("use_dynamic_shifting");
        requireDefault("variance_type");
        this.solverOrder = config.intValue("solver_order", 2);
        if (solverOrder != 1 && solverOrder != 2) {
            throw new DmException("scheduler config key 'solver_order': unsupported value " + solverOrder
                    + " (this port implements 1 and 2)");
        }
        String solverType = config.stringValue("solver_type", "midpoint");
        if (!solverType.equals("midpoint") && !solverType.equals("heun")) {
            throw new DmException("scheduler config key 'solver_type': unsupported value '" + solverType
                    + "' (expected midpoint or heun)");
        }
        this.heun = solverType.equals("heun");
        this.lowerOrderFinal = config.boolValue("lower_order_final", true);
        this.eulerAtFinal = config.boolValue("euler_at_final", false);
        this.karras = config.boolValue("use_karras_sigmas", false);
        this.exponential = config.boolValue("use_exponential_sigmas", false);
        if (karras && exponential) {
            throw new DmException("scheduler config keys 'use_karras_sigmas' and 'use_exponential_sigmas' "
                    + "cannot both be true");
        }
        String finalType = config.stringValue("final_sigmas_type", "zero");
        if (!finalType.equals("zero") && !finalType.equals("sigma_min")) {
            throw new DmException("scheduler config key 'final_sigmas_type': unsupported value '" + finalType
                    + "' (expected zero or sigma_min)");
        }
        this.finalSigmaMin = finalType.equals("sigma_min");
        this.lambdaMinClipped = config.doubleValue("lambda_min_clipped", Double.NEGATIVE_INFINITY);
        this.thresholding = config.boolValue("thresholding", false);
        this.thresholdRatio = config.doubleValue("dynamic_thresholding_ratio", 0.995);
        this.sampleMaxValue = config.doubleValue("sample_max_value", 1.0);
        this.sigmaSchedule = config.boolValue("rescale_betas_zero_snr", false)
                ? schedule.withLastAlphaCumprod(Math.pow(2, -24)) : schedule;
    }

    /** The solver order (1 or 2). */
    public int solverOrder() {
        return solverOrder;
    }

    @Override
    public void setTimesteps(int n) {
        int numTrain = schedule.numTrainTimesteps();
        double[] acp = sigmaSchedule.alphasCumprod();
        // last_timestep = N - #{t : lambda_t < lambda_min_clipped} (searchsorted on the increasing flipped lambdas)
        int clipped = 0;
        for (double a : acp) {
            double lambda = Math.log(Math.sqrt(a)) - Math.log(Math.sqrt(1 - a));
            if (lambda < lambdaMinClipped) clipped++;
        }
        long[] steps = spacing.dpmSolver(numTrain, numTrain - clipped, n, stepsOffset);
        double[] train = sigmaSchedule.trainSigmas();
        double[] ts = new double[steps.length];
        double[] sig = new double[steps.length];
        if (karras || exponential) {
            double lo = train[0];
            double hi = train[train.length - 1];
            sig = karras ? SigmaSchedules.karras(lo, hi, n) : SigmaSchedules.exponential(lo, hi, n);
            double[] logSigmas = new double[train.length];
            for (int i = 0; i < train.length; i++) logSigmas[i] = Math.log(train[i]);
            boolean cosine = "squaredcos_cap_v2".equals(config.stringValue("beta_schedule", "linear"));
            ts = new double[n];
            for (int i = 0; i < n; i++) {
                double t = SigmaSchedules.sigmaToTimestep(sig[i], logSigmas);
                ts[i] = cosine ? (long) t : Math.rint(t); // diffusers rounds, except for the cosine schedule (truncated by int64 cast)
            }
        } else {
            for (int i = 0; i < steps.length; i++) {
                if (steps[i] < 0 || steps[i] >= numTrain) {
                    throw new DmException("scheduler config key 'steps_offset': timestep " + steps[i] + " for " + n
                            + " steps is outside [0, " + numTrain + ")");
                }
                ts[i] = steps[i];
                sig[i] = train[(int) steps[i]];
            }
        }
        double[] s = new double[sig.length + 1];
        for (int i = 0; i < sig.length; i++) s[i] = (float) sig[i];
        s[sig.length] = (float) (finalSigmaMin ? train[0] : 0.0);
        this.timesteps = ts;
        this.sigmas = s;
        this.cursor = new StepCursor(type.className(), ts);
        forget();
        this.lowerOrderNums = 0;
    }

    /**
     * Keeps x0 for the next step in an own native handle (sharing x0's storage) that outlives the caller's
     * per-step PointerScope; the handle of the step before is released.
     */
    private void remember(Tensor x0) {
        Tensor handle = new Tensor(x0);
        handle.retainReference();
        forget();
        previousX0 = handle;
    }

    private void forget() {
        if (previousX0 != null) previousX0.releaseReference();
        previousX0 = null;
    }

    /** The n + 1 inference sigmas (a copy). */
    public double[] sigmas() {
        requireTimesteps();
        return sigmas.clone();
    }

    /** alpha_t x0 + sigma_t eps from the sigma of timestep t in the schedule (diffusers add_noise). */
    @Override
    public Tensor addNoise(Tensor x0, Tensor noise, double timestep) {
        double[] ts = requireTimesteps();
        int index = -1;
        int seen = 0;
        for (int i = 0; i < ts.length && seen < 2; i++) {
            if (ts[i] == timestep) {
                index = i;
                seen++;
            }
        }
        if (index < 0) {
            throw new IllegalStateException(type.className() + ": timestep " + timestep + " is not in the schedule");
        }
        double sigma = sigmas[index];
        double alpha = 1 / Math.sqrt(sigma * sigma + 1);
        return axpby(alpha, x0, sigma * alpha, noise);
    }

    @Override
    public double initNoiseSigma() {
        return 1.0;
    }

    @Override
    public Tensor scaleModelInput(Tensor sample, double timestep) {
        return sample;
    }

    @Override
    public StepOutput step(Tensor modelOutput, double timestep, Tensor sample, NoiseSource noise) {
        requireTimesteps();
        int i = cursor.at(timestep);
        requireSameShape(modelOutput, sample);
        int n = timesteps.length;
        boolean lowerFinal = i == n - 1 && (eulerAtFinal || (lowerOrderFinal && n < 15) || !finalSigmaMin);

        // convert_model_output: the data prediction x0 at sigma_s0
        double sigmaS0 = sigmas[i];
        double alphaS0 = 1 / Math.sqrt(sigmaS0 * sigmaS0 + 1);
        double sigmaVpS0 = sigmaS0 * alphaS0;
        Tensor x0 = switch (prediction) {
            case EPSILON -> sample.sub(modelOutput.mul(new Scalar(sigmaVpS0)))
                    .div(new Scalar(alphaS0));
            case SAMPLE -> modelOutput;
            case V_PREDICTION -> axpby(alphaS0, sample, -sigmaVpS0, modelOutput);
        };
        if (thresholding) x0 = DynamicThresholding.apply(x0, thresholdRatio, sampleMaxValue);

        Tensor x = SigmaScheduler.toFloat(sample);
        double sigmaT = sigmas[i + 1];
        double alphaT = 1 / Math.sqrt(sigmaT * sigmaT + 1);
        double sigmaVpT = sigmaT * alphaT;
        double lambdaT = Math.log(alphaT) - Math.log(sigmaVpT);   // +inf when sigma_t = 0
        double lambdaS0 = Math.log(alphaS0) - Math.log(sigmaVpS0);
        double h = lambdaT - lambdaS0;

        double em = Math.exp(-h);                                   // e^-h (0 when sigma_t = 0)
        Tensor z = null;
        if (sde) {
            requireNoise(noise, "DPMSolverMultistepScheduler with algorithm_type sde-dpmsolver++");
            z = noise.randnLike(x);                                 // [B, C, H, W] float32, drawn every step
        }
        Tensor prev;
        if (solverOrder == 1 || lowerOrderNums < 1 || lowerFinal) {
            prev = sde
                    // SDE-DPM-Solver++(1): (sigma_t / sigma_s e^-h) x + alpha_t (1 - e^-2h) x0 + sigma_t sqrt(1 - e^-2h) z
                    ? axpby(sigmaVpT / sigmaVpS0 * em, x, alphaT * (1 - em * em), x0)
                    : axpby(sigmaVpT / sigmaVpS0, x, -alphaT * (em - 1), x0);
        } else {
            double sigmaS1 = sigmas[i - 1];
            double alphaS1 = 1 / Math.sqrt(sigmaS1 * sigmaS1 + 1);
            double lambdaS1 = Math.log(alphaS1) - Math.log(sigmaS1 * alphaS1);
            double r0 = (lambdaS0 - lambdaS1) / h;                  // +inf when h = 0: D1 = 0, as in torch
            Tensor d1 = x0.sub(previousX0).mul(new Scalar(1.0 / r0)); // D1 = (m0 - m1) / r0
            double d1Coeff;
            if (sde) {
                d1Coeff = heun ? alphaT * ((1 - em * em) / (-2.0 * h) + 1.0) : 0.5 * alphaT * (1 - em * em);
                prev = axpby(sigmaVpT / sigmaVpS0 * em, x, alphaT * (1 - em * em), x0);
            } else {
                d1Coeff = heun ? alphaT * ((em - 1) / h + 1.0) : -0.5 * alphaT * (em - 1);
                prev = axpby(sigmaVpT / sigmaVpS0, x, -alphaT * (em - 1), x0);
            }
            prev = prev.add(d1, new Scalar(d1Coeff));
        }
        if (sde) prev = prev.add(z, new Scalar(sigmaVpT * Math.sqrt(1 - em * em)));
        if (lowerOrderNums < solverOrder) lowerOrderNums++;
        remember(x0);
        cursor.advance();
        return new StepOutput(prev.to(modelOutput.scalar_type()), x0);
    }
}
