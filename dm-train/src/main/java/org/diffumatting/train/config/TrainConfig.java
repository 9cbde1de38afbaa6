package org.diffumatting.train.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.schedulers.PredictionType;
import org.diffumatting.train.data.SampleFilter;

/**
 * Everything a training run needs, read from one flat JSON file. Keys are snake_case as below; a key the
 * reader does not know is an error naming it (keys starting with {@code _comment} are ignored), and so is
 * a value of the wrong type or range. Relative paths are resolved against the config file's folder.
 * The full key table with defaults is in docs/NOTES-train.md.
 *
 * @param source the config file (for messages)
 * @param dataDir {@code data_dir} (required): green-screen data set folder (image/, alpha/, fg/, manifest.jsonl)
 * @param outputDir {@code output_dir} (required): run folder (checkpoints/, logs, samples/, model/)
 * @param split {@code split} = "train": manifest split to train on
 * @param sources {@code sources}: manifest {@code source} values to train on (e.g. ["twemoji", "fluent", "noto"]);
 *     null (absent): every source of the split
 * @param excludeCaptions {@code exclude_captions}: regular expressions; a sample whose caption contains a match
 *     (case-insensitive) is left out (e.g. ["skin tone"]); null (absent): none
 * @param resolution {@code resolution} = 128: image side; every image must have this size
 * @param batchSize {@code batch_size} = 4 (per optimizer micro-step)
 * @param maxSteps {@code max_steps} = 1000 optimizer steps
 * @param seed {@code seed} = 0: data order, noise, timesteps, dropout and initialisation derive from it
 * @param learningRate {@code learning_rate} = 1e-4 peak learning rate
 * @param adamBeta1 {@code adam_beta1} = 0.9
 * @param adamBeta2 {@code adam_beta2} = 0.999
 * @param adamEpsilon {@code adam_epsilon} = 1e-8
 * @param weightDecay {@code weight_decay} = 0.01 (AdamW, decoupled)
 * @param warmupSteps {@code warmup_steps} = 100: linear warm-up from 0
 * @param minLrRatio {@code min_lr_ratio} = 0.1: cosine decay ends at this fraction of the peak
 * @param maxGradNorm {@code max_grad_norm} = 1.0: global L2 clipping (0: off)
 * @param emaDecay {@code ema_decay} = 0.999: EMA of the trained weights (0: off)
 * @param mixedPrecision {@code mixed_precision} = "no" | "bf16" (CPU autocast to bfloat16)
 * @param gradientAccumulationSteps {@code gradient_accumulation_steps} = 1
 * @param checkpointEvery {@code checkpoint_every} = 250 steps (0: only at the end / on SIGTERM)
 * @param keepCheckpoints {@code keep_checkpoints} = 2 most recent
 * @param logEvery {@code log_every} = 10 steps (JSONL log line and progress line)
 * @param sampleEvery {@code sample_every} = 250 steps (PNG grid; 0: off)
 * @param sampleCount {@code sample_count} = 4 images in a grid
 * @param threads {@code threads} = 0: libtorch intra-op threads (0: libtorch's default)
 * @param vaeConfig {@code vae_config}: AutoencoderKL config.json (path or inline object; stage vae)
 * @param unetConfig {@code unet_config}: UNet2DConditionModel config.json (stage unet)
 * @param headConfig {@code head_config}: MattingHead config.json (stage head)
 * @param vaePath {@code vae_path}: trained vae/ component folder (stages head and unet; stage vae continues it
 *     instead of a fresh {@code vae_config})
 * @param headPath {@code head_path}: trained matting_head/ folder (or a model folder holding one): copied into the unet
 *     stage's model folder; stage head continues training it (instead of a fresh {@code head_config})
 * @param unetPath {@code unet_path}: pretrained UNet to start stage unet from (unet/ component folder or a pipeline
 *     folder holding unet/; e.g. a committed default model or SD 1.5), instead of a fresh {@code unet_config}
 * @param addSentenceEmbedding {@code add_sentence_embedding} = false: true gives a {@code unet_path} UNet that has no
 *     class embedding a zero-initialised one (class_embed_type "projection", fed the prompt's sentence embedding), so
 *     training starts from exactly the pretrained UNet's function; a no-op when it has one (a new UNet gets it from
 *     {@code unet_config})
 * @param reconstructionLoss {@code reconstruction_loss} = "l1" | "l2" (stage vae)
 * @param klWeight {@code kl_weight} = 1e-6 (stage vae)
 * @param vaeBandWeight {@code vae_band_weight} = 0: extra weight of the matte's transition band (stage vae)
 * @param trainEncoder {@code train_encoder} = true: false freezes the encoder and quant_conv of a {@code vae_path} VAE
 *     (stage vae): only the decoder side trains, the latent space (and the scaling factor) stays that of the source,
 *     so a UNet trained on it stays valid
 * @param samplePosterior {@code sample_posterior} = true (stage vae): decode z = mu + sigma n, as a KL autoencoder is
 *     trained; false decodes the posterior mode mu (diffusers' AutoencoderKL.forward argument of that name), which is
 *     what {@code dm matte}, {@code dm eval model} and the head stage decode; with {@code train_encoder} false the
 *     decoder side is fine-tuned for that input (models/TRAINING.md, stage 1e)
 * @param bandRadius {@code band_radius} = 2 pixels: dilation radius of the transition band
 * @param matteAlphaWeight {@code matte_alpha_weight} = 1: weight of the alpha L1 term
 * @param matteAlphaL2Weight {@code matte_alpha_l2_weight} = 0: weight of the alpha squared-error term (MatteLoss)
 * @param matteLaplacianWeight {@code matte_laplacian_weight} = 1
 * @param matteCompositionWeight {@code matte_composition_weight} = 1
 * @param matteForegroundWeight {@code matte_foreground_weight} = 1
 * @param laplacianLevels {@code laplacian_levels} = 5
 * @param headUseLatent {@code head_use_latent} = true: feed the latent to the head's zero-initialised path
 * @param predictionType {@code prediction_type} = "epsilon" | "v_prediction"
 * @param snrGamma {@code snr_gamma} = 5.0: min-SNR-gamma weighting of L_eps (0: off)
 * @param lambdaGreen {@code lambda_green} = 0.5
 * @param greenSnrGamma {@code green_snr_gamma} = 5.0: L_green weight min(SNR_t, gamma)
 * @param greenLossForm {@code green_loss_form} = "latent" | "pixel"
 * @param lambdaTb {@code lambda_tb} = 1.0
 * @param lambdaTbGradient {@code lambda_tb_gradient} = 0: gradient option of L_tb (decodes x0_hat)
 * @param lambdaMatte {@code lambda_matte} = 0: stage vae: weight of L_matte for a matting head ({@code head_config} or
 *     {@code head_path}) trained jointly with the autoencoder, so the latent learns to carry the matte; must be 0 for
 *     stage unet
 * @param cropSize {@code crop_size} = 0: stage vae trains on random crops of this side (a multiple of the VAE's
 *     downsampling factor, at most {@code resolution}); 0: whole images
 * @param captionDropout {@code caption_dropout} = 0.1: probability of the empty prompt
 * @param textMaxLength {@code text_max_length} = 32 tokens
 * @param cacheLatents {@code cache_latents} = true: encode each image once (posterior cached, sampled per step)
 * @param numTrainTimesteps {@code num_train_timesteps} = 1000
 * @param betaSchedule {@code beta_schedule} = "scaled_linear"
 * @param betaStart {@code beta_start} = 0.00085
 * @param betaEnd {@code beta_end} = 0.012
 * @param sampleInferenceSteps {@code sample_inference_steps} = 20 (DDIM steps for unet sample grids)
 * @param sampleGuidanceScale {@code sample_guidance_scale} = 5.0
 */
public record TrainConfig(
        Path source, Path dataDir, Path outputDir, String split, List<String> sources, List<String> excludeCaptions, int resolution, int batchSize, int maxSteps, long seed,
        double learningRate, double adamBeta1, double adamBeta2, double adamEpsilon, double weightDecay,
        int warmupSteps, double minLrRatio, double maxGradNorm, double emaDecay, String mixedPrecision,
        int gradientAccumulationSteps, int checkpointEvery, int keepCheckpoints, int logEvery, int sampleEvery,
        int sampleCount, int threads,
        ObjectNode vaeConfig, ObjectNode unetConfig, ObjectNode headConfig, Path vaePath, Path headPath, Path unetPath,
        boolean addSentenceEmbedding, String reconstructionLoss, double klWeight, double vaeBandWeight, boolean trainEncoder, boolean samplePosterior, int bandRadius,
        double matteAlphaWeight, double matteAlphaL2Weight, double matteLaplacianWeight, double matteCompositionWeight, double matteForegroundWeight,
        int laplacianLevels, boolean headUseLatent,
        PredictionType predictionType, double snrGamma, double lambdaGreen, double greenSnrGamma, String greenLossForm,
        double lambdaTb, double lambdaTbGradient, double lambdaMatte, int cropSize, double captionDropout, int textMaxLength,
        boolean cacheLatents, int numTrainTimesteps, String betaSchedule, double betaStart, double betaEnd,
        int sampleInferenceSteps, double sampleGuidanceScale) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double INF = Double.POSITIVE_INFINITY;

    /** Reads and validates a config file. */
    public static TrainConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new DmException("training config " + file + ": file not found");
        } catch (IOException e) {
            throw new DmException("training config " + file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file);
    }

    /** Parses JSON text as if read from {@code file}. */
    public static TrainConfig parse(String text, Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DmException("training config " + file + ": invalid JSON: " + e.getOriginalMessage().replace('\n', ' '));
        }
        if (root == null || !root.isObject()) throw new DmException("training config " + file + ": expected a JSON object");
        Path base = file.toAbsolutePath().getParent();
        StrictJson r = new StrictJson((ObjectNode) root, "training config " + file);
        Path dataDir = r.path("data_dir", base);
        Path outputDir = r.path("output_dir", base);
        TrainConfig c = new TrainConfig(file, dataDir, outputDir,
                r.choice("split", "train", "train", "val", "test"),
                r.strings("sources"),
                r.strings("exclude_captions"),
                r.integer("resolution", 128, 8, 4096),
                r.integer("batch_size", 4, 1, 4096),
                r.integer("max_steps", 1000, 1, Integer.MAX_VALUE),
                r.longValue("seed", 0),
                r.number("learning_rate", 1e-4, 0, 1),
                r.number("adam_beta1", 0.9, 0, 0.999999),
                r.number("adam_beta2", 0.999, 0, 0.999999),
                r.number("adam_epsilon", 1e-8, 1e-12, 1),
                r.number("weight_decay", 0.01, 0, 10),
                r.integer("warmup_steps", 100, 0, Integer.MAX_VALUE),
                r.number("min_lr_ratio", 0.1, 0, 1),
                r.number("max_grad_norm", 1.0, 0, INF),
                r.number("ema_decay", 0.999, 0, 0.999999),
                r.choice("mixed_precision", "no", "no", "bf16"),
                r.integer("gradient_accumulation_steps", 1, 1, 1024),
                r.integer("checkpoint_every", 250, 0, Integer.MAX_VALUE),
                r.integer("keep_checkpoints", 2, 1, 1000),
                r.integer("log_every", 10, 1, Integer.MAX_VALUE),
                r.integer("sample_every", 250, 0, Integer.MAX_VALUE),
                r.integer("sample_count", 4, 1, 64),
                r.integer("threads", 0, 0, 1024),
                modelConfig(r, "vae_config", base),
                modelConfig(r, "unet_config", base),
                modelConfig(r, "head_config", base),
                r.path("vae_path", base),
                r.path("head_path", base),
                r.path("unet_path", base),
                r.bool("add_sentence_embedding", false),
                r.choice("reconstruction_loss", "l1", "l1", "l2"),
                r.number("kl_weight", 1e-6, 0, INF),
                r.number("vae_band_weight", 0, 0, INF),
                r.bool("train_encoder", true),
                r.bool("sample_posterior", true),
                r.integer("band_radius", 2, 0, 64),
                r.number("matte_alpha_weight", 1, 0, INF),
                r.number("matte_alpha_l2_weight", 0, 0, INF),
                r.number("matte_laplacian_weight", 1, 0, INF),
                r.number("matte_composition_weight", 1, 0, INF),
                r.number("matte_foreground_weight", 1, 0, INF),
                r.integer("laplacian_levels", 5, 1, 16),
                r.bool("head_use_latent", true),
                predictionType(r),
                r.number("snr_gamma", 5.0, 0, INF),
                r.number("lambda_green", 0.5, 0, INF),
                r.number("green_snr_gamma", 5.0, 1e-6, INF),
                r.choice("green_loss_form", "latent", "latent", "pixel"),
                r.number("lambda_tb", 1.0, 0, INF),
                r.number("lambda_tb_gradient", 0, 0, INF),
                r.number("lambda_matte", 0, 0, INF),
                r.integer("crop_size", 0, 0, 1 << 16),
                r.number("caption_dropout", 0.1, 0, 1),
                r.integer("text_max_length", 32, 2, 512),
                r.bool("cache_latents", true),
                r.integer("num_train_timesteps", 1000, 2, 100000),
                r.choice("beta_schedule", "scaled_linear", "linear", "scaled_linear", "squaredcos_cap_v2"),
                r.number("beta_start", 0.00085, 0, 1),
                r.number("beta_end", 0.012, 0, 1),
                r.integer("sample_inference_steps", 20, 1, 1000),
                r.number("sample_guidance_scale", 5.0, 0, 100));
        r.finish();
        if (dataDir == null) throw new DmException("training config " + file + ": key 'data_dir' is required");
        if (outputDir == null) throw new DmException("training config " + file + ": key 'output_dir' is required");
        if (c.unetConfig() != null && c.unetPath() != null) {
            throw new DmException("training config " + file + ": give 'unet_config' (a new UNet) or 'unet_path' (a pretrained one), not both");
        }
        if (c.cropSize() > c.resolution()) {
            throw new DmException("training config " + file + ": key 'crop_size' " + c.cropSize() + " exceeds 'resolution' " + c.resolution());
        }
        if (c.addSentenceEmbedding() && c.unetPath() == null) {
            throw new DmException("training config " + file + ": key 'add_sentence_embedding' needs 'unet_path' (a new UNet gets"
                    + " \"class_embed_type\": \"projection\" in its 'unet_config')");
        }
        c.sampleFilter(); // a caption pattern that does not compile is a config error
        return c;
    }

    private static PredictionType predictionType(StrictJson r) {
        return PredictionType.parse(r.choice("prediction_type", "epsilon", "epsilon", "v_prediction"));
    }

    /** A model config given inline (JSON object) or as a path to a config.json (string); null when absent. */
    private static ObjectNode modelConfig(StrictJson r, String key, Path base) {
        JsonNode v = r.raw(key);
        if (v == null) return null;
        if (v.isObject()) return (ObjectNode) v;
        if (!v.isTextual()) throw r.bad(key, "a path or a JSON object", v.getNodeType());
        Path p = r.path(key, base);
        try {
            JsonNode n = JSON.readTree(Files.readString(p));
            if (n == null || !n.isObject()) throw new DmException(p + ": expected a JSON object (key '" + key + "')");
            return (ObjectNode) n;
        } catch (NoSuchFileException e) {
            throw new DmException("training config key '" + key + "': file " + p + " not found");
        } catch (JsonProcessingException e) {
            throw new DmException(p + ": invalid JSON (key '" + key + "'): " + e.getOriginalMessage().replace('\n', ' '));
        } catch (IOException e) {
            throw new DmException("training config key '" + key + "': cannot read " + p + ": " + e.getMessage());
        }
    }

    /** A copy with another step count ({@code --max-steps}). */
    public TrainConfig withMaxSteps(int steps) {
        if (steps < 1) throw new DmException("--max-steps must be at least 1, got " + steps);
        return new TrainConfig(source, dataDir, outputDir, split, sources, excludeCaptions, resolution, batchSize, steps, seed, learningRate, adamBeta1,
                adamBeta2, adamEpsilon, weightDecay, warmupSteps, minLrRatio, maxGradNorm, emaDecay, mixedPrecision,
                gradientAccumulationSteps, checkpointEvery, keepCheckpoints, logEvery, sampleEvery, sampleCount, threads,
                vaeConfig, unetConfig, headConfig, vaePath, headPath, unetPath, addSentenceEmbedding, reconstructionLoss, klWeight, vaeBandWeight, trainEncoder, samplePosterior, bandRadius,
                matteAlphaWeight, matteAlphaL2Weight, matteLaplacianWeight, matteCompositionWeight, matteForegroundWeight, laplacianLevels,
                headUseLatent, predictionType, snrGamma, lambdaGreen, greenSnrGamma, greenLossForm, lambdaTb,
                lambdaTbGradient, lambdaMatte, cropSize, captionDropout, textMaxLength, cacheLatents, numTrainTimesteps, betaSchedule,
                betaStart, betaEnd, sampleInferenceSteps, sampleGuidanceScale);
    }

    /** The samples to train on: keys {@code sources} and {@code exclude_captions}. */
    public SampleFilter sampleFilter() {
        try {
            return SampleFilter.of(sources, excludeCaptions);
        } catch (DmException e) {
            throw new DmException("training config " + source + ": " + e.getMessage());
        }
    }

    /** True for {@code mixed_precision = "bf16"}. */
    public boolean bf16() {
        return "bf16".equals(mixedPrecision);
    }

    /** A required key that a stage needs; throws naming it. */
    public <T> T require(T value, String key, String stage) {
        if (value == null) throw new DmException("training config " + source + ": key '" + key + "' is required for stage " + stage);
        return value;
    }
}
