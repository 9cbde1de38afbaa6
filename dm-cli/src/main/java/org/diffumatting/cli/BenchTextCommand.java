package org.diffumatting.cli;

import org.diffumatting.common.DmException;
import org.diffumatting.models.text.TextEncoderBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code dm bench text}: text encoder speed on the CPU. */
@Command(name = "text", mixinStandardHelpOptions = true,
        description = {"Times the text encoders on the CPU: the embedded MiniLM (ONNX Runtime, 2 intra-op threads; session"
                + " start and encode of a batch of 12-word prompts, T = 32) and the SD 1.5 CLIP ViT-L/14 text tower"
                + " (libtorch fp32, random seeded weights, [B, 77] ids). Prints median and min ms per call and ms per prompt."})
public final class BenchTextCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "8", description = "Prompts per call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "5",
            description = "Timed calls after one warm-up; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--clip", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Include the SD 1.5 CLIP text tower (default: true; needs about 1 GB of memory).")
    boolean clip;

    @Override
    public Integer call() {
        if (batch < 1 || repeats < 1) throw new DmException("--batch and --repeats must be >= 1");
        TextEncoderBenchmark.Report r = TextEncoderBenchmark.run(new TextEncoderBenchmark.Request(batch, repeats, clip));
        PrintWriter out = spec.commandLine().getOut();
        out.print(r.table());
        out.flush();
        return 0;
    }
}
