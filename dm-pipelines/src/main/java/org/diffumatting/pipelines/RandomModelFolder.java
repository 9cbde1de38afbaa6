package org.diffumatting.pipelines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.diffumatting.models.loading.DiffusersFolder;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.registry.ModelRegistry;
import org.diffumatting.models.text.TextEncoderFolder;
import org.diffumatting.schedulers.SchedulerConfig;

/**
 * A complete model folder with seeded random weights, for tests and for {@code dm bench generate} before a trained
 * model exists: the same layout and configs as a trained one (unet, vae, optional matting_head, MiniLM
 * text_encoder config, DDPM scheduler_config.json with SD's scaled_linear betas 0.00085..0.012). Its images are
 * noise: use it for timing and plumbing only, never as a model.
 */
public final class RandomModelFolder {
    private RandomModelFolder() {}

    /**
     * @param dir           folder to create (must not hold another model)
     * @param unetConfig    UNet2DConditionModel config (cross_attention_dim must be 384, the MiniLM width)
     * @param vaeConfig     AutoencoderKL config
     * @param headConfig    MattingHead config, or null for a folder without a head
     * @param textMaxLength MiniLM token positions
     * @param seed          ParamInit seed (component k uses seed + k)
     */
    public static Path write(Path dir, ObjectNode unetConfig, ObjectNode vaeConfig, ObjectNode headConfig, int textMaxLength, long seed) {
        Map<String, Module> models = new LinkedHashMap<>();
        models.put("unet", ModelRegistry.build(unetConfig, "unet_config", ParamInit.seeded(seed)));
        models.put("vae", ModelRegistry.build(vaeConfig, "vae_config", ParamInit.seeded(seed + 1)));
        if (headConfig != null) models.put("matting_head", ModelRegistry.build(headConfig, "head_config", ParamInit.seeded(seed + 2)));
        try {
            Path staging = Files.createTempDirectory("dm-random-model-assets");
            Path text = staging.resolve("text_encoder");
            TextEncoderFolder.writeMiniLmConfig(text, textMaxLength);
            Path sched = staging.resolve("scheduler");
            Files.createDirectories(sched);
            SchedulerConfig.of("DDPMScheduler").with("num_train_timesteps", 1000).with("beta_schedule", "scaled_linear")
                    .with("beta_start", 0.00085).with("beta_end", 0.012).with("prediction_type", "epsilon")
                    .write(sched.resolve(SchedulerConfig.FILE_NAME));
            Map<String, DiffusersFolder.Asset> assets = new LinkedHashMap<>();
            assets.put("text_encoder", new DiffusersFolder.Asset("diffumatting", TextEncoderFolder.MINILM_CLASS, text));
            assets.put("scheduler", new DiffusersFolder.Asset("diffusers", "DDPMScheduler", sched));
            DiffusersFolder.save(dir, "DiffuMattingPipeline", models, assets, false);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the random model folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
