package org.diffumatting.schedulers;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.diffumatting.common.DmException;

/**
 * Factory of schedulers: by diffusers {@code _class_name} (as in scheduler_config.json) or by the short names the
 * CLI accepts. A short name picks a class and forces the keys that define the sampler; every other key
 * (num_train_timesteps, beta_schedule, prediction_type, ...) comes from the base config, as diffusers'
 * {@code SomeScheduler.from_config(pipe.scheduler.config)} does.
 *
 * <table>
 *   <caption>Short names</caption>
 *   <tr><td>ddpm</td><td>DDPMScheduler</td></tr>
 *   <tr><td>ddim</td><td>DDIMScheduler (eta 0)</td></tr>
 *   <tr><td>euler</td><td>EulerDiscreteScheduler</td></tr>
 *   <tr><td>euler-a</td><td>EulerAncestralDiscreteScheduler</td></tr>
 *   <tr><td>dpm++2m</td><td>DPMSolverMultistepScheduler, algorithm_type dpmsolver++, solver_order 2, use_karras_sigmas false</td></tr>
 *   <tr><td>dpm++2m-karras</td><td>the same with use_karras_sigmas true</td></tr>
 *   <tr><td>dpm++2m-sde, dpm++2m-sde-karras</td><td>the same with algorithm_type sde-dpmsolver++ (stochastic)</td></tr>
 * </table>
 */
public final class Schedulers {
    private Schedulers() {}

    private record ShortName(SchedulerType type, Map<String, Object> forced) {}

    private static final Map<String, ShortName> SHORT_NAMES = new LinkedHashMap<>();

    static {
        SHORT_NAMES.put("ddpm", new ShortName(SchedulerType.DDPM, Map.of()));
        SHORT_NAMES.put("ddim", new ShortName(SchedulerType.DDIM, Map.of()));
        SHORT_NAMES.put("euler", new ShortName(SchedulerType.EULER_DISCRETE, Map.of()));
        SHORT_NAMES.put("euler-a", new ShortName(SchedulerType.EULER_ANCESTRAL_DISCRETE, Map.of()));
        SHORT_NAMES.put("dpm++2m", new ShortName(SchedulerType.DPM_SOLVER_MULTISTEP,
                Map.of("algorithm_type", "dpmsolver++", "solver_order", 2, "use_karras_sigmas", false)));
        SHORT_NAMES.put("dpm++2m-karras", new ShortName(SchedulerType.DPM_SOLVER_MULTISTEP,
                Map.of("algorithm_type", "dpmsolver++", "solver_order", 2, "use_karras_sigmas", true)));
        SHORT_NAMES.put("dpm++2m-sde", new ShortName(SchedulerType.DPM_SOLVER_MULTISTEP,
                Map.of("algorithm_type", "sde-dpmsolver++", "solver_order", 2, "use_karras_sigmas", false)));
        SHORT_NAMES.put("dpm++2m-sde-karras", new ShortName(SchedulerType.DPM_SOLVER_MULTISTEP,
                Map.of("algorithm_type", "sde-dpmsolver++", "solver_order", 2, "use_karras_sigmas", true)));
    }

    /** The short names accepted by {@link #create(String, SchedulerConfig)}, in documentation order. */
    public static List<String> shortNames() {
        return List.copyOf(SHORT_NAMES.keySet());
    }

    /** Reads a scheduler_config.json (or a folder holding one) and builds the scheduler its _class_name names. */
    public static Scheduler load(Path path) {
        return fromConfig(SchedulerConfig.read(path));
    }

    /** The scheduler named by the config's {@code _class_name}. */
    public static Scheduler fromConfig(SchedulerConfig config) {
        if (config.className() == null) {
            throw new DmException("scheduler config key '_class_name' is missing");
        }
        return build(SchedulerType.forClassName(config.className()), config);
    }

    /**
     * A scheduler by short name (ddpm, ddim, euler, euler-a, dpm++2m, dpm++2m-karras, dpm++2m-sde,
     * dpm++2m-sde-karras) or diffusers class name,
     * taking the remaining keys from {@code base} (which may be another class's config, e.g. Stable Diffusion's
     * PNDMScheduler config; null = all defaults).
     */
    public static Scheduler create(String name, SchedulerConfig base) {
        SchedulerConfig config = base == null ? SchedulerConfig.of(null) : base;
        ShortName shortName = SHORT_NAMES.get(name);
        if (shortName != null) {
            for (Map.Entry<String, Object> e : shortName.forced().entrySet()) {
                config = config.with(e.getKey(), e.getValue());
            }
            return build(shortName.type(), config);
        }
        for (SchedulerType t : SchedulerType.values()) {
            if (t.className().equals(name)) return build(t, config);
        }
        throw new DmException("scheduler '" + name + "' is unknown (expected one of " + String.join(", ", shortNames())
                + ", or a diffusers class name: DDPMScheduler, DDIMScheduler, EulerDiscreteScheduler, "
                + "EulerAncestralDiscreteScheduler, DPMSolverMultistepScheduler)");
    }

    /** A scheduler of a given type from any config (keys the class lacks are ignored). */
    public static Scheduler build(SchedulerType type, SchedulerConfig config) {
        return switch (type) {
            case DDPM -> new DdpmScheduler(config);
            case DDIM -> new DdimScheduler(config);
            case EULER_DISCRETE -> new EulerDiscreteScheduler(config);
            case EULER_ANCESTRAL_DISCRETE -> new EulerAncestralDiscreteScheduler(config);
            case DPM_SOLVER_MULTISTEP -> new DpmSolverMultistepScheduler(config);
        };
    }
}
