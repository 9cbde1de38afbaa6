package org.diffumatting.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.diffumatting.common.DmException;
import org.diffumatting.common.ProgressText;
import org.diffumatting.pipelines.GenerateJob;
import org.diffumatting.pipelines.GenerateRequest;
import org.diffumatting.pipelines.GenerationListener;
import org.diffumatting.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dm generate}: text -> object on the green canvas + alpha + green-free foreground. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate objects on a pure green canvas with their alpha matte and green-free foreground.",
                "For each image writes into --out: NAME.png (RGBA: foreground + alpha), NAME-green.png (the generated image),"
                        + " NAME-alpha.png (8-bit alpha) and NAME.json (prompt, seed, model hash, scheduler, steps, guidance,"
                        + " size, code version, time); NAME = slug of the prompt, image index and seed (a-red-apple-0000-s0).",
                "Image i (prompt-major, --n per prompt) uses seed S+i, so it does not depend on --batch-size.",
                "Without --model the default model (models/default) is used. A model folder without matting_head/"
                        + " (plain Stable Diffusion) takes alpha from the chroma key; the manifests say alpha_source chroma_key."})
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROMPT", arity = "1..*", description = "One or more prompts (quote each one).")
    List<String> prompts;

    @Option(names = "--n", paramLabel = "N", defaultValue = "1", description = "Images per prompt (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the first image; image i uses S+i (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steps", paramLabel = "N", defaultValue = GenerateRequest.DEFAULT_STEPS_TEXT, description = "Denoising steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--scheduler", paramLabel = "NAME", defaultValue = "dpm++2m",
            description = "Sampler: ddpm, ddim, euler, euler-a, dpm++2m, dpm++2m-karras, dpm++2m-sde, dpm++2m-sde-karras,"
                    + " a diffusers class name, or 'model' for the folder's own scheduler_config.json class; noise schedule"
                    + " keys always come from the folder (default: ${DEFAULT-VALUE}).")
    String scheduler;

    @Option(names = "--guidance", paramLabel = "W", defaultValue = "5.0",
            description = "Classifier-free guidance scale w: eps_u + w (eps_c - eps_u); 1 or less turns guidance off"
                    + " (half the UNet work) (default: ${DEFAULT-VALUE}).")
    double guidance;

    @Option(names = "--negative", paramLabel = "TEXT", defaultValue = "",
            description = "Negative prompt: the unconditional branch of guidance (default: the empty prompt).")
    String negative;

    @Option(names = "--size", paramLabel = "WxH",
            description = "Image size in pixels, multiples of 8 (default: the model's training size, 128x128 for the default model).")
    String size;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (diffusers layout; default: models/default).")
    Path model;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/generate", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "0",
            description = "Images denoised together (the guided UNet batch is 2B); larger batches raise images/s. "
                    + "0 = automatic: up to 8 at 128x128, 2 at 256x256, 1 from 512x512 on (default: automatic).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0",
            description = "libtorch threads; 0 keeps the default (one per core). On a busy machine 1 can be faster (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--device", paramLabel = "DEV", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--dtype", paramLabel = "T", defaultValue = "fp32",
            description = "fp32, or bf16 to run the UNet, VAE and head under bf16 autocast (weights stay fp32) (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Override
    public Integer call() {
        int[] wh = parseSize(size);
        GenerateRequest r = new GenerateRequest(model, prompts, negative, n, seed, steps,
                scheduler.equals("model") ? null : scheduler, guidance, wh[0], wh[1], batchSize, device, DType.parse(dtype), threads);
        PrintWriter err = spec.commandLine().getErr();
        GenerateJob.Summary s = GenerateJob.run(r, out, new GenerationListener() {
            @Override
            public void onStep(int batch, int batches, int step, int n) {
                err.printf(Locale.ROOT, "\rbatch %d/%d step %d/%d", batch, batches, step, n);
                err.flush();
            }

            @Override
            public void onBatch(int done, int total, double seconds) {
                err.printf(Locale.ROOT, "\r%d/%d images, %.2f images/s, ETA %s%n", done, total, done / seconds,
                        ProgressText.eta(done, total, seconds));
                err.flush();
            }
        });
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%d images (alpha from %s) in %s: load %.1f s, generation %.1f s%n", s.images(),
                s.alphaSource(), out, s.loadSeconds(), s.generateSeconds());
        o.flush();
        return 0;
    }

    /** "WxH" -> {w, h}; null -> {0, 0} (model default). */
    static int[] parseSize(String s) {
        if (s == null) return new int[] {0, 0};
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0].trim());
                int h = Integer.parseInt(p[1].trim());
                if (w > 0 && h > 0) return new int[] {w, h};
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new DmException("--size '" + s + "': expected WxH with positive integers, e.g. 128x128");
    }
}
