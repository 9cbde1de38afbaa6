package org.diffumatting.train;

import java.nio.file.Path;
import java.util.Locale;
import org.diffumatting.common.DmException;

/**
 * What {@code dm train <stage>} asks for.
 *
 * @param stage vae, head or unet
 * @param config the training config JSON file
 * @param resume continue from the latest checkpoint in the config's output_dir
 * @param maxSteps overrides the config's max_steps (null: keep it); note the LR schedule follows max_steps
 */
public record TrainRequest(String stage, Path config, boolean resume, Integer maxSteps) {
    public TrainRequest {
        stage = stage.toLowerCase(Locale.ROOT);
        if (!stage.equals("vae") && !stage.equals("head") && !stage.equals("unet")) {
            throw new DmException("unknown training stage '" + stage + "' (use vae, head or unet)");
        }
        if (config == null) throw new DmException("--config is required");
    }
}
