package org.diffumatting.schedulers;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What a scheduler will do for a given number of steps, without running a model: its resolved config, inference
 * timesteps, sigmas (Euler / DPM-Solver; empty for DDPM / DDIM) and initial noise sigma. Backs {@code dm scheduler}.
 *
 * @param config the full resolved scheduler_config.json of the chosen class
 * @param timesteps the inference timesteps, descending
 * @param sigmas the n + 1 inference sigmas for sigma-based schedulers, else empty
 * @param initNoiseSigma standard deviation of the initial noise
 */
public record SchedulerPreview(SchedulerConfig config, double[] timesteps, double[] sigmas, double initNoiseSigma) {

    /**
     * @param name short name (ddpm, ddim, euler, euler-a, dpm++2m, dpm++2m-karras) or diffusers class name; null =
     *     the class named by the base config's _class_name
     * @param baseConfig a scheduler_config.json (or a folder holding one) supplying the other keys; null = defaults
     * @param steps number of inference steps
     * @param writeConfig where to write the resolved scheduler_config.json (atomically); null = do not write
     */
    public record Request(String name, Path baseConfig, int steps, Path writeConfig) {}

    /** Builds the scheduler the request names, sets its timesteps and collects them (writes the config if asked). */
    public static SchedulerPreview of(Request request) {
        SchedulerConfig base = request.baseConfig() == null ? null : SchedulerConfig.read(request.baseConfig());
        Scheduler s;
        if (request.name() != null) {
            s = Schedulers.create(request.name(), base);
        } else if (base != null) {
            s = Schedulers.fromConfig(base);
        } else {
            throw new org.diffumatting.common.DmException("scheduler: give a scheduler name or a scheduler_config.json");
        }
        if (request.steps() < 1 || request.steps() > s.noiseSchedule().numTrainTimesteps()) {
            throw new org.diffumatting.common.DmException("scheduler: steps must be in [1, "
                    + s.noiseSchedule().numTrainTimesteps() + "], got " + request.steps());
        }
        s.setTimesteps(request.steps());
        double[] sigmas = s instanceof SigmaScheduler ss ? ss.sigmas()
                : s instanceof DpmSolverMultistepScheduler d ? d.sigmas() : new double[0];
        if (request.writeConfig() != null) s.config().write(request.writeConfig());
        return new SchedulerPreview(s.config(), s.timesteps(), sigmas, s.initNoiseSigma());
    }

    /** Human-readable summary: class, key settings, timesteps and sigmas. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        line(b, "scheduler", config.className());
        for (String key : new String[] {"beta_schedule", "prediction_type", "timestep_spacing", "steps_offset",
                "use_karras_sigmas", "algorithm_type", "solver_order"}) {
            var node = config.values().get(key);
            if (node != null) line(b, key, node.isTextual() ? node.asText() : node.toString());
        }
        line(b, "init_noise_sigma", String.format(Locale.ROOT, "%.6g", initNoiseSigma));
        line(b, "timesteps", join(timesteps));
        if (sigmas.length > 0) line(b, "sigmas", join(sigmas));
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "%-18s %s%n", label, value));
    }

    private static String join(double[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) b.append(' ');
            b.append(v[i] == Math.rint(v[i]) && Math.abs(v[i]) < 1e9
                    ? String.valueOf((long) v[i]) : String.format(Locale.ROOT, "%.5g", v[i]));
        }
        return b.toString();
    }
}
