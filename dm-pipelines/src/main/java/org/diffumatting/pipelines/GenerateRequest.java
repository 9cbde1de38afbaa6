package org.diffumatting.pipelines;

import java.nio.file.Path;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.tensor.DType;

/**
 * What to generate. Images are numbered i = 0, 1, ... in prompt order ({@code imagesPerPrompt} per prompt) and
 * image i uses seed {@code seed + i}, so an image does not depend on the batch size or on the other prompts.
 *
 * @param model           model folder (diffusers layout), or null for the default model (models/default)
 * @param prompts         one or more prompts (each non-blank)
 * @param negativePrompt  the unconditional prompt of classifier-free guidance ("" = the empty prompt)
 * @param imagesPerPrompt n &gt;= 1
 * @param seed            seed of image 0
 * @param steps           denoising steps (1..1000)
 * @param scheduler       short name (ddim, euler, euler-a, dpm++2m, dpm++2m-karras, ...) or diffusers class name,
 *                        keys from the folder's scheduler_config.json; null = the folder's own scheduler class
 * @param guidanceScale   w of eps = eps_u + w (eps_c - eps_u); &lt;= 1 switches guidance off (cond only)
 * @param width           pixels, multiple of 8; 0 = the model's default (unet sample_size * f)
 * @param height          pixels, multiple of 8; 0 = the model's default
 * @param batchSize       images per UNet batch (the CFG batch is twice that); 0 = automatic ({@link #batchSizeFor})
 * @param device          cpu, cuda, cuda:N
 * @param dtype           F32, or BF16 / F16 to run the UNet and VAE under autocast (weights stay float32)
 * @param threads         libtorch intra-op threads; 0 = leave as is
 */
public record GenerateRequest(Path model, List<String> prompts, String negativePrompt, int imagesPerPrompt, long seed,
                              int steps, String scheduler, double guidanceScale, int width, int height, int batchSize,
                              String device, DType dtype, int threads) {
    /**
     * Default denoising steps of {@code dm generate}, {@code dm bench generate} and {@code dm eval model}: with
     * DPM-Solver++(2M), 12 steps stay within 0.0004 alpha MSE of a 50-step run on the default model (20 steps:
     * 0.00005), far below the matting head's own error (docs/NOTES-pipelines.md, "Default steps").
     */
    public static final int DEFAULT_STEPS = 12;
    /** {@link #DEFAULT_STEPS} as picocli's {@code defaultValue} text. */
    public static final String DEFAULT_STEPS_TEXT = "" + DEFAULT_STEPS;
    /** Latent pixels (h * w per image, summed over the batch) that an automatic batch may hold: 8 images of 16x16. */
    static final long AUTO_BATCH_LATENT_PIXELS = 8L * 16 * 16;
    /** Largest automatic batch (the batch of the images/s target, `dm bench generate --batch 8`). */
    static final int AUTO_BATCH_MAX = 8;


    public GenerateRequest {
        prompts = prompts == null ? List.of() : List.copyOf(prompts);
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        device = device == null ? "cpu" : device;
        dtype = dtype == null ? DType.F32 : dtype;
    }

    /** Defaults: 1 image, seed 0, {@link #DEFAULT_STEPS} steps of dpm++2m, guidance 5, model size, batch 1, cpu, float32. */
    public static GenerateRequest of(Path model, List<String> prompts) {
        return new GenerateRequest(model, prompts, "", 1, 0, DEFAULT_STEPS, "dpm++2m", 5.0, 0, 0, 1, "cpu", DType.F32, 0);
    }

    public GenerateRequest withSeed(long s) {
        return new GenerateRequest(model, prompts, negativePrompt, imagesPerPrompt, s, steps, scheduler, guidanceScale, width, height, batchSize, device, dtype, threads);
    }

    public GenerateRequest withImagesPerPrompt(int n) {
        return new GenerateRequest(model, prompts, negativePrompt, n, seed, steps, scheduler, guidanceScale, width, height, batchSize, device, dtype, threads);
    }

    public GenerateRequest withBatchSize(int b) {
        return new GenerateRequest(model, prompts, negativePrompt, imagesPerPrompt, seed, steps, scheduler, guidanceScale, width, height, b, device, dtype, threads);
    }

    public GenerateRequest withSteps(int n) {
        return new GenerateRequest(model, prompts, negativePrompt, imagesPerPrompt, seed, n, scheduler, guidanceScale, width, height, batchSize, device, dtype, threads);
    }

    public GenerateRequest withSize(int w, int h) {
        return new GenerateRequest(model, prompts, negativePrompt, imagesPerPrompt, seed, steps, scheduler, guidanceScale, w, h, batchSize, device, dtype, threads);
    }

    public GenerateRequest withScheduler(String name) {
        return new GenerateRequest(model, prompts, negativePrompt, imagesPerPrompt, seed, steps, name, guidanceScale, width, height, batchSize, device, dtype, threads);
    }

    public GenerateRequest withDtype(DType d) {
        return new GenerateRequest(model, prompts, negativePrompt, imagesPerPrompt, seed, steps, scheduler, guidanceScale, width, height, batchSize, device, d, threads);
    }

    /**
     * Images per UNet batch: {@link #batchSize} when set, else (0) automatic: as many as fit in
     * {@link #AUTO_BATCH_LATENT_PIXELS} latent pixels (8 at 16x16 latents = 128x128 images with f = 8, 2 at 256x256,
     * 1 from 512x512 on, where attention memory grows with the square of the token count), at most
     * {@link #AUTO_BATCH_MAX} and at most {@link #imageCount()}.
     *
     * @param latentH latent rows h = height / f
     * @param latentW latent columns w = width / f
     */
    public int batchSizeFor(long latentH, long latentW) {
        int b = batchSize > 0 ? batchSize
                : (int) Math.max(1, Math.min(AUTO_BATCH_MAX, AUTO_BATCH_LATENT_PIXELS / Math.max(1, latentH * latentW)));
        return Math.max(1, Math.min(b, imageCount()));
    }

    /** Total number of images. */
    public int imageCount() {
        return prompts.size() * imagesPerPrompt;
    }

    /** Checks what can be checked without the model (step 1 of the pipeline); one-line errors naming the field. */
    public void validate() {
        if (prompts.isEmpty()) throw new DmException("no prompt given (at least one PROMPT is required)");
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i) == null || prompts.get(i).isBlank()) throw new DmException("prompt " + (i + 1) + " is empty");
        }
        if (imagesPerPrompt < 1) throw new DmException("--n must be at least 1, got " + imagesPerPrompt);
        if (steps < 1 || steps > 1000) throw new DmException("--steps must be in [1, 1000], got " + steps);
        if (batchSize < 0) throw new DmException("--batch-size must be at least 1 (or 0 for automatic), got " + batchSize);
        if (!(guidanceScale >= 0) || Double.isInfinite(guidanceScale)) throw new DmException("--guidance must be a finite number >= 0, got " + guidanceScale);
        if (width < 0 || height < 0 || width % 8 != 0 || height % 8 != 0) {
            throw new DmException("--size " + width + "x" + height + ": width and height must be positive multiples of 8");
        }
        if (threads < 0) throw new DmException("--threads must be at least 1, got " + threads);
        if (dtype == DType.I64) throw new DmException("--dtype must be fp32, bf16 or fp16");
    }
}
