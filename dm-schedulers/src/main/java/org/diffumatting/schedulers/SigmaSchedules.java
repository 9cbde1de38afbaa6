package org.diffumatting.schedulers;

/**
 * Sigma-space helpers of the Karras-style schedulers (Euler, Euler ancestral, DPM-Solver): resampling a noise
 * schedule (Karras, exponential) and mapping a sigma back to a fractional training timestep.
 * Sources: diffusers scheduling_euler_discrete.py {@code _convert_to_karras}, {@code _convert_to_exponential},
 * {@code _sigma_to_t}; Karras et al. 2022, "Elucidating the Design Space of Diffusion-Based Generative
 * Models", eq. (5).
 */
public final class SigmaSchedules {
    /** rho of Karras et al. eq. (5); 7 is the paper's (and diffusers') value. */
    public static final double KARRAS_RHO = 7.0;

    private SigmaSchedules() {}

    /**
     * Karras sigmas, descending: sigma_i = (sigma_max^(1/rho) + i/(n-1) (sigma_min^(1/rho) - sigma_max^(1/rho)))^rho,
     * i = 0..n-1.
     */
    public static double[] karras(double sigmaMin, double sigmaMax, int n) {
        double[] ramp = Grid.linspace(0, 1, n);
        double minInvRho = Math.pow(sigmaMin, 1 / KARRAS_RHO);
        double maxInvRho = Math.pow(sigmaMax, 1 / KARRAS_RHO);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = Math.pow(maxInvRho + ramp[i] * (minInvRho - maxInvRho), KARRAS_RHO);
        return s;
    }

    /** Log-uniform sigmas, descending: exp(linspace(log sigma_max, log sigma_min, n)). */
    public static double[] exponential(double sigmaMin, double sigmaMax, int n) {
        double[] l = Grid.linspace(Math.log(sigmaMax), Math.log(sigmaMin), n);
        for (int i = 0; i < n; i++) l[i] = Math.exp(l[i]);
        return l;
    }

    /**
     * Fractional training timestep whose sigma is {@code sigma}: linear interpolation of log sigma between the
     * two neighbouring training timesteps, clamped to [0, N-1] (diffusers {@code _sigma_to_t}).
     *
     * @param logSigmas log of the training sigmas, increasing in t (index = timestep)
     */
    public static double sigmaToTimestep(double sigma, double[] logSigmas) {
        double logSigma = Math.log(Math.max(sigma, 1e-10));
        int low = 0;
        for (int i = 0; i < logSigmas.length; i++) {
            if (logSigmas[i] <= logSigma) low = i; // last index with log sigma_i <= log sigma
        }
        low = Math.min(low, logSigmas.length - 2);
        int high = low + 1;
        double w = (logSigmas[low] - logSigma) / (logSigmas[low] - logSigmas[high]);
        w = Math.min(Math.max(w, 0), 1);
        return (1 - w) * low + w * high;
    }
}
