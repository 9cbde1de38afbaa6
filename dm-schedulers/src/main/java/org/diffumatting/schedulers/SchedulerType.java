package org.diffumatting.schedulers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.diffumatting.common.DmException;

/**
 * The scheduler classes of this port, by their diffusers {@code _class_name}, each with the keys its diffusers
 * constructor accepts and their defaults (diffusers src/diffusers/schedulers/scheduling_*.py, {@code __init__}
 * signatures, read at commit 58eb52c0). A key absent from a config takes the default listed here.
 */
public enum SchedulerType {
    DDPM("DDPMScheduler", common("leading")
            .put("variance_type", "fixed_small")
            .put("clip_sample", true)
            .put("clip_sample_range", 1.0)
            .put("thresholding", false)
            .put("dynamic_thresholding_ratio", 0.995)
            .put("sample_max_value", 1.0)),
    DDIM("DDIMScheduler", common("leading")
            .put("clip_sample", true)
            .put("set_alpha_to_one", true)
            .put("clip_sample_range", 1.0)
            .put("thresholding", false)
            .put("dynamic_thresholding_ratio", 0.995)
            .put("sample_max_value", 1.0)),
    EULER_DISCRETE("EulerDiscreteScheduler", common("linspace")
            .put("interpolation_type", "linear")
            .put("use_karras_sigmas", false)
            .put("use_exponential_sigmas", false)
            .put("use_beta_sigmas", false)
            .put("sigma_min", null)
            .put("sigma_max", null)
            .put("timestep_type", "discrete")
            .put("final_sigmas_type", "zero")),
    EULER_ANCESTRAL_DISCRETE("EulerAncestralDiscreteScheduler", common("linspace")),
    DPM_SOLVER_MULTISTEP("DPMSolverMultistepScheduler", common("linspace")
            .put("solver_order", 2)
            .put("thresholding", false)
            .put("dynamic_thresholding_ratio", 0.995)
            .put("sample_max_value", 1.0)
            .put("algorithm_type", "dpmsolver++")
            .put("solver_type", "midpoint")
            .put("lower_order_final", true)
            .put("euler_at_final", false)
            .put("use_karras_sigmas", false)
            .put("use_exponential_sigmas", false)
            .put("use_beta_sigmas", false)
            .put("use_lu_lambdas", false)
            .put("use_flow_sigmas", false)
            .put("flow_shift", 1.0)
            .put("final_sigmas_type", "zero")
            .put("lambda_min_clipped", Double.NEGATIVE_INFINITY)
            .put("variance_type", null)
            .put("use_dynamic_shifting", false)
            .put("time_shift_type", "exponential"));

    private final String className;
    private final Map<String, Object> defaults;

    SchedulerType(String className, Defaults defaults) {
        this.className = className;
        this.defaults = Collections.unmodifiableMap(defaults.map);
    }

    /** The diffusers class name ({@code _class_name}). */
    public String className() {
        return className;
    }

    /** Every config key of this class with its diffusers default (null = JSON null), in diffusers' order. */
    public Map<String, Object> defaults() {
        return defaults;
    }

    /** The type of a {@code _class_name}; unknown names are a {@link DmException} naming the key. */
    public static SchedulerType forClassName(String className) {
        for (SchedulerType t : values()) {
            if (t.className.equals(className)) return t;
        }
        throw new DmException("scheduler config key '_class_name': unsupported scheduler '" + className
                + "' (supported: DDPMScheduler, DDIMScheduler, EulerDiscreteScheduler, "
                + "EulerAncestralDiscreteScheduler, DPMSolverMultistepScheduler; or choose one by name, e.g. dpm++2m, "
                + "to reuse this config's keys)");
    }

    /**
     * This class's full config from any scheduler config (possibly of another class, as diffusers'
     * {@code from_config}): every key of this class, taken from {@code source} when present, else the default;
     * {@code _diffusers_version} is kept; keys this class does not have are dropped.
     */
    public SchedulerConfig resolve(SchedulerConfig source) {
        LinkedHashMap<String, Object> values = new LinkedHashMap<>();
        if (source.has("_diffusers_version")) values.put("_diffusers_version", source.values().get("_diffusers_version"));
        for (Map.Entry<String, Object> e : defaults.entrySet()) {
            values.put(e.getKey(), source.has(e.getKey()) ? source.values().get(e.getKey()) : e.getValue());
        }
        LinkedHashMap<String, com.fasterxml.jackson.databind.JsonNode> nodes = new LinkedHashMap<>();
        values.forEach((k, v) -> nodes.put(k, SchedulerConfig.toNode(v)));
        return new SchedulerConfig(className, nodes);
    }

    /** Keys shared by every class: the training schedule, prediction type and spacing. */
    private static Defaults common(String spacing) {
        return new Defaults()
                .put("num_train_timesteps", 1000)
                .put("beta_start", 0.0001)
                .put("beta_end", 0.02)
                .put("beta_schedule", "linear")
                .put("trained_betas", null)
                .put("prediction_type", "epsilon")
                .put("timestep_spacing", spacing)
                .put("steps_offset", 0)
                .put("rescale_betas_zero_snr", false);
    }

    private static final class Defaults {
        final LinkedHashMap<String, Object> map = new LinkedHashMap<>();

        Defaults put(String key, Object value) {
            map.put(key, value);
            return this;
        }
    }
}
