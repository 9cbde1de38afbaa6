package org.diffumatting.schedulers;

import org.diffumatting.common.DmException;

/**
 * The {@code prediction_type} values: what the denoiser outputs.
 * With x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps:
 * epsilon predicts eps (DDPM), sample predicts x0, v_prediction predicts
 * v = sqrt(abar_t) eps - sqrt(1 - abar_t) x0 (Salimans &amp; Ho 2022, "Progressive Distillation", sec. 4).
 */
public enum PredictionType {
    EPSILON("epsilon"),
    SAMPLE("sample"),
    V_PREDICTION("v_prediction");

    private final String key;

    PredictionType(String key) {
        this.key = key;
    }

    /** The value as written in scheduler_config.json. */
    public String key() {
        return key;
    }

    /** Parses a {@code prediction_type} value; anything else is a {@link DmException} naming the key. */
    public static PredictionType parse(String value) {
        for (PredictionType p : values()) {
            if (p.key.equals(value)) return p;
        }
        throw new DmException("scheduler config key 'prediction_type': unsupported value '" + value
                + "' (expected epsilon, sample or v_prediction)");
    }
}
