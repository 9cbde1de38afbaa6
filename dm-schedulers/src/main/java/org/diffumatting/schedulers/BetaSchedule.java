package org.diffumatting.schedulers;

import org.diffumatting.common.DmException;

/**
 * The {@code beta_schedule} values of diffusers' schedulers: how the per-step noise variances beta_t,
 * t = 0..N-1, are laid out (source: diffusers scheduling_ddpm.py {@code __init__} and
 * {@code betas_for_alpha_bar}).
 *
 * <p>All betas are returned as float32-exact doubles, as diffusers keeps them in a float32 tensor.
 *
 * <table>
 *   <caption>Notation</caption>
 *   <tr><td>N</td><td>num_train_timesteps</td></tr>
 *   <tr><td>beta_t</td><td>variance added at forward step t (DDPM, Ho et al. 2020, eq. 2)</td></tr>
 *   <tr><td>abar(t)</td><td>cumulative product of (1 - beta) as a continuous function (Nichol &amp; Dhariwal 2021, eq. 17)</td></tr>
 * </table>
 */
public enum BetaSchedule {
    /** beta_t = linspace(beta_start, beta_end, N): the original DDPM schedule. */
    LINEAR("linear"),
    /** beta_t = linspace(sqrt(beta_start), sqrt(beta_end), N)^2: the latent-diffusion (Stable Diffusion) schedule. */
    SCALED_LINEAR("scaled_linear"),
    /** Glide/improved-DDPM cosine schedule, beta_t = min(1 - abar((t+1)/N) / abar(t/N), 0.999). */
    SQUAREDCOS_CAP_V2("squaredcos_cap_v2");

    /** Cap of the cosine schedule's betas (diffusers' {@code max_beta}). */
    public static final double MAX_BETA = 0.999;

    private final String key;

    BetaSchedule(String key) {
        this.key = key;
    }

    /** The value as written in scheduler_config.json. */
    public String key() {
        return key;
    }

    /** Parses a {@code beta_schedule} value; anything else is a {@link DmException} naming the key. */
    public static BetaSchedule parse(String value) {
        for (BetaSchedule s : values()) {
            if (s.key.equals(value)) return s;
        }
        throw new DmException("scheduler config key 'beta_schedule': unsupported value '" + value
                + "' (expected linear, scaled_linear or squaredcos_cap_v2)");
    }

    /** The N betas of this schedule (float32-exact). beta_start/beta_end are ignored by the cosine schedule. */
    public double[] betas(int n, double betaStart, double betaEnd) {
        if (n < 1) throw new DmException("scheduler config key 'num_train_timesteps' must be >= 1, got " + n);
        double[] betas = new double[n];
        switch (this) {
            case LINEAR -> {
                double[] r = Grid.linspace(betaStart, betaEnd, n);
                for (int i = 0; i < n; i++) betas[i] = (float) r[i];
            }
            case SCALED_LINEAR -> {
                double[] r = Grid.linspace(Math.sqrt(betaStart), Math.sqrt(betaEnd), n);
                for (int i = 0; i < n; i++) {
                    float s = (float) r[i];
                    betas[i] = s * s; // float32 product, as torch's "** 2" on a float32 tensor
                }
            }
            case SQUAREDCOS_CAP_V2 -> {
                for (int i = 0; i < n; i++) {
                    double t1 = (double) i / n;
                    double t2 = (double) (i + 1) / n;
                    betas[i] = (float) Math.min(1 - cosineAlphaBar(t2) / cosineAlphaBar(t1), MAX_BETA);
                }
            }
        }
        return betas;
    }

    /** abar(t) = cos(((t + 0.008) / 1.008) * pi / 2)^2 (Nichol &amp; Dhariwal 2021, eq. 17, s = 0.008). */
    static double cosineAlphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /**
     * Rescales betas to zero terminal SNR (Lin et al. 2023, "Common Diffusion Noise Schedules and Sample Steps
     * are Flawed", arXiv 2305.08891, Algorithm 1; diffusers {@code rescale_zero_terminal_snr}): shift and scale
     * sqrt(abar) so that sqrt(abar_{N-1}) = 0 while sqrt(abar_0) is kept. Evaluated in double, returned float32-exact.
     */
    public static double[] rescaleZeroTerminalSnr(double[] betas) {
        int n = betas.length;
        double[] sqrtAbar = new double[n];
        double prod = 1;
        for (int i = 0; i < n; i++) {
            prod *= 1 - betas[i];
            sqrtAbar[i] = Math.sqrt(prod);
        }
        double first = sqrtAbar[0];
        double last = sqrtAbar[n - 1];
        double scale = first / (first - last);
        double[] abar = new double[n];
        for (int i = 0; i < n; i++) {
            double s = (sqrtAbar[i] - last) * scale;
            abar[i] = s * s;
        }
        double[] out = new double[n];
        out[0] = (float) (1 - abar[0]);
        for (int i = 1; i < n; i++) out[i] = (float) (1 - abar[i] / abar[i - 1]);
        return out;
    }
}
