package org.diffumatting.pipelines;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.key.DifferenceKeyer;
import org.diffumatting.models.matting.MattingOutput;
import org.diffumatting.models.unet.UNetConditioning;
import org.diffumatting.models.vae.AutoencoderKL;
import org.diffumatting.models.vae.Decoder;
import org.diffumatting.schedulers.Scheduler;
import org.diffumatting.schedulers.Schedulers;
import org.diffumatting.schedulers.SeededNoiseSource;
import org.diffumatting.tensor.Autocast;
import org.diffumatting.tensor.DType;
import org.diffumatting.tensor.ImageTensors;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Tensors;

/**
 * Text -> object on the green canvas + alpha + green-free foreground (DiffuMatting, docs/DESIGN.md sections 1
 * and 3), as an unrolled loop after diffusers' {@code StableDiffusionPipeline.__call__}
 * (diffusers/pipelines/stable_diffusion/pipeline_stable_diffusion.py).
 *
 * <table>
 *   <caption>Notation</caption>
 *   <tr><td>B</td><td>images in a batch</td></tr>
 *   <tr><td>c, c_u</td><td>prompt / unconditional (negative or empty) prompt states [B, T, D]</td></tr>
 *   <tr><td>x_t</td><td>latent [B, 4, H/f, W/f] in model space (z * scaling_factor)</td></tr>
 *   <tr><td>w</td><td>guidance scale: eps = eps_u + w (eps_c - eps_u) (Ho &amp; Salimans 2022, eq. 6)</td></tr>
 *   <tr><td>z</td><td>x_0 / scaling_factor: the VAE latent decoded to I_hat (green canvas image)</td></tr>
 * </table>
 */
public final class GreenCanvasPipeline {
    private final PipelineModel model;

    public GreenCanvasPipeline(PipelineModel model) {
        if (model.unet() == null) throw new IllegalArgumentException("the model was loaded without a UNet (use PipelineModel.forGeneration)");
        this.model = model;
    }

    public PipelineModel model() {
        return model;
    }

    /** Generates every image of the request and returns them in index order. */
    public List<GeneratedImage> generate(GenerateRequest r, GenerationListener listener) {
        List<GeneratedImage> all = new ArrayList<>();
        generate(r, listener, all::addAll);
        return all;
    }

    /**
     * Generates batch by batch, handing each finished batch (Java arrays, no native memory) to {@code sink} before
     * starting the next, so a long run keeps only one batch in memory.
     */
    public void generate(GenerateRequest r, GenerationListener listener, Consumer<List<GeneratedImage>> sink) {
        // 1. check inputs
        r.validate();
        int width = r.width() == 0 ? model.defaultSize() : r.width();
        int height = r.height() == 0 ? model.defaultSize() : r.height();
        checkSize(width, height);
        int f = model.vaeFactor();
        long latentChannels = model.unet().config().inChannels();
        long h = height / f;
        long w = width / f;
        int total = r.imageCount();
        int batchSize = r.batchSizeFor(h, w);
        int batches = (total + batchSize - 1) / batchSize;
        boolean guided = r.guidanceScale() > 1.0; // diffusers: do_classifier_free_guidance = guidance_scale > 1
        long start = System.nanoTime();

        try (InferenceMode inference = new InferenceMode(); MemoryScope call = MemoryScope.open()) {
            Device device = org.diffumatting.tensor.Devices.parse(r.device());
            // 2a. unconditional states (and sentence embedding), encoded once for the whole request: [1, T, D] ([1, D_c])
            UNetConditioning uncond = guided ? conditioning(List.of(r.negativePrompt()), device) : null;

            for (int b0 = 0, batch = 1; b0 < total; b0 += batchSize, batch++) {
                int n = Math.min(batchSize, total - b0);
                List<String> prompts = new ArrayList<>(n);
                long[] seeds = new long[n];
                for (int k = 0; k < n; k++) {
                    prompts.add(r.prompts().get((b0 + k) / r.imagesPerPrompt()));
                    seeds[k] = r.seed() + b0 + k;
                }
                List<GeneratedImage> out = new ArrayList<>(n);
                try (MemoryScope batchScope = MemoryScope.open(); SeededNoiseSource noise = new SeededNoiseSource(seeds)) {
                    // 2b. prompt states c [n, T, D]; context [2n, T, D] = (c_u | c) with guidance, else c (sentence embeddings alike)
                    UNetConditioning cond = conditioning(prompts, device);
                    UNetConditioning context = guided ? UNetConditioning.cat(List.of(uncond.expandRows(n), cond)) : cond;

                    // 3. initial latents: row k from its own generator seeded seed+i (batch-invariant), times init_noise_sigma
                    Scheduler scheduler = r.scheduler() == null ? Schedulers.fromConfig(model.schedulerConfig())
                            : Schedulers.create(r.scheduler(), model.schedulerConfig());
                    scheduler.setTimesteps(r.steps());
                    Tensor x = noise.randn(latentChannels, h, w).to(device, torch.ScalarType.Float) // [n, 4, h, w]
                            .mul(new Scalar(scheduler.initNoiseSigma()));

                    // 4. denoise with classifier-free guidance, one memory scope per step
                    double[] timesteps = scheduler.timesteps();
                    for (int s = 0; s < timesteps.length; s++) {
                        double t = timesteps[s];
                        try (MemoryScope step = MemoryScope.open()) {
                            Tensor in = scheduler.scaleModelInput(x, t);                          // [n, 4, h, w]
                            Tensor tt = Tensors.fromFloats(new float[] {(float) t}).to(device, torch.ScalarType.Float); // [1]
                            Tensor eps;
                            if (guided) {
                                Tensor both = unet(torch.cat(new TensorVector(in, in), 0), tt, context, device, r.dtype()); // [2n, 4, h, w] (u | c)
                                Tensor epsU = both.narrow(0, 0, n);
                                Tensor epsC = both.narrow(0, n, n);
                                eps = epsU.add(epsC.sub(epsU).mul(new Scalar(r.guidanceScale())));   // eps_u + w (eps_c - eps_u)
                            } else {
                                eps = unet(in, tt, context, device, r.dtype());
                            }
                            x = step.keep(scheduler.step(eps, t, x, noise).prevSample());        // x_{t-1} [n, 4, h, w]
                        }
                        listener.onStep(batch, batches, s + 1, timesteps.length);
                    }

                    // 5-6. decode with features, then matte
                    Matted m = decodeAndMatte(model, model.vae().fromModelLatents(x), device, r.dtype());

                    // 7. outputs
                    for (int k = 0; k < n; k++) {
                        int i = b0 + k;
                        out.add(new GeneratedImage(i, prompts.get(k), seeds[k], m.green().get(k), m.alpha().get(k),
                                m.foreground().get(k), m.source()));
                    }
                }
                sink.accept(out);
                listener.onBatch(b0 + n, total, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    private void checkSize(int width, int height) {
        int f = model.vaeFactor();
        int levels = model.unet().config().levels();
        int multiple = f << (levels - 1); // the UNet halves the latent levels-1 times
        if (width % multiple != 0 || height % multiple != 0) {
            throw new DmException("--size " + width + "x" + height + ": width and height must be multiples of " + multiple
                    + " for this model (VAE factor " + f + " x UNet downsampling " + (1 << (levels - 1)) + ")");
        }
    }

    private UNetConditioning conditioning(List<String> prompts, Device device) {
        return UNetConditioning.of(model.textEncoder().encode(prompts), model.unet().config()).toFloat(device);
    }

    private Tensor unet(Tensor sample, Tensor t, UNetConditioning context, Device device, DType dtype) {
        try (Autocast a = Autocast.enable(device, dtype)) {
            return model.unet().forward(sample, t, context).to(torch.ScalarType.Float);
        }
    }

    /** Decoded images and their mattes, as Java images. */
    record Matted(List<RgbImage> green, List<AlphaMap> alpha, List<RgbImage> foreground, String source) {}

    /**
     * Steps 5-6, shared with {@link MattePipeline}: I_hat, F_dec = decoder(z) (features before conv_norm_out),
     * then alpha, F = matting_head(I_hat, F_dec, z); without a head, the chroma-key baseline on I_hat.
     *
     * @param z raw VAE latent [B, L, h, w]
     */
    static Matted decodeAndMatte(PipelineModel model, Tensor z, Device device, DType dtype) {
        try (MemoryScope scope = MemoryScope.open(); Autocast a = Autocast.enable(device, dtype)) {
            AutoencoderKL vae = model.vae();
            Decoder.Output dec = vae.decodeWithFeatures(z);                        // sample [B, 3, H, W], features [B, C_f, H, W]
            Tensor image = dec.sample().to(torch.ScalarType.Float);
            List<RgbImage> green = ImageTensors.toRgb(image);
            if (model.hasMattingHead()) {
                MattingOutput mo = model.head().forward(image, dec.features(), z);  // alpha [B, 1, H, W], F [B, 3, H, W] in [0, 1]
                List<AlphaMap> alpha = ImageTensors.toAlpha(mo.alpha().to(torch.ScalarType.Float));
                // F is in [0, 1]; ImageTensors.toRgb expects [-1, 1]: 2F - 1
                List<RgbImage> fg = ImageTensors.toRgb(mo.foreground().to(torch.ScalarType.Float).mul(new Scalar(2.0)).sub(new Scalar(1.0)));
                return new Matted(green, alpha, fg, GeneratedImage.MATTING_HEAD);
            }
            List<AlphaMap> alpha = new ArrayList<>();
            List<RgbImage> fg = new ArrayList<>();
            for (RgbImage g : green) {
                DifferenceKeyer.Result k = DifferenceKeyer.key(g, DifferenceKeyer.Options.defaults());
                alpha.add(k.alpha());
                fg.add(k.foreground());
            }
            return new Matted(green, alpha, fg, GeneratedImage.CHROMA_KEY);
        }
    }
}
