package org.diffumatting.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.diffumatting.pipelines.GenerateBenchmark;
import org.diffumatting.pipelines.GenerateRequest;
import org.diffumatting.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dm bench generate}: start-up, per-image latency and images/s of text-to-green-canvas generation. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Times generation (encode, guided denoising, decode, matting head) for a model folder: JVM start,"
                + " model load, first image at batch 1 (cold) and their sum, then warm seconds per image and images/s per"
                + " batch size and dtype.",
                "Without --model, builds a random-weight folder from the default model's training configs"
                        + " (--configs, models/configs/train-{unet,vae,head}.json): the default architecture's speed before it is trained.",
                "Targets for the default 128x128 model on 2 cores: <= 5 s for one image including start-up; >= 2 images/s at batch 8."})
public final class BenchGenerateCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder to time (default: random weights with the default configs).")
    Path model;

    @Option(names = "--configs", paramLabel = "DIR", defaultValue = "models/configs",
            description = "Folder of train-unet.json, train-vae.json, train-head.json used without --model (default: ${DEFAULT-VALUE}).")
    Path configs;

    @Option(names = "--batch", paramLabel = "B,...", defaultValue = "1,8", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    String batch;

    @Option(names = "--dtype", paramLabel = "T", split = ",", defaultValue = "fp32",
            description = "Precisions to time, comma-separated: fp32, bf16 (UNet/VAE/head under bf16 autocast; fast only on CPUs with native bf16,"
                    + " AVX512-BF16 or AMX) (default: ${DEFAULT-VALUE}).")
    List<String> dtypes;

    @Option(names = "--steps", paramLabel = "N", defaultValue = GenerateRequest.DEFAULT_STEPS_TEXT, description = "Denoising steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--scheduler", paramLabel = "NAME", defaultValue = "dpm++2m", description = "Sampler (default: ${DEFAULT-VALUE}).")
    String scheduler;

    @Option(names = "--guidance", paramLabel = "W", defaultValue = "5.0", description = "Guidance scale (default: ${DEFAULT-VALUE}).")
    double guidance;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "2", description = "Timed runs per case after one warm-up (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "libtorch threads; 0 keeps the default (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() {
        List<DType> ds = new ArrayList<>();
        for (String d : dtypes) ds.add(DType.parse(d));
        if (repeats < 1) throw new org.diffumatting.common.DmException("--repeats must be at least 1, got " + repeats);
        GenerateBenchmark.run(new GenerateBenchmark.Options(model, configs, GenerateBenchmark.parseBatches(batch), ds, steps,
                scheduler, guidance, repeats, threads), new PrintStream(System.out, true));
        return 0;
    }
}
