package org.diffumatting.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.diffumatting.common.DmException;
import org.diffumatting.models.unet.UNetBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dm bench unet}: CPU step time and achieved GFLOP/s of the UNet against the measured GEMM peak. */
@Command(name = "unet", mixinStandardHelpOptions = true,
        description = {"Times one UNet denoising step (forward, no gradient, random seeded weights) on the CPU in fp32"
                + " and bf16 (CPU autocast and/or bf16 weights) for the SD 1.5 UNet (batch 2 = one CFG pair, 64x64 latents,"
                + " 77x768 context) and a small UNet (3 levels 64/128/256, 384-wide context, 32x32 latents), and measures"
                + " a 4096^3 fp32 matmul in the same run as the machine's GEMM peak.",
                "Prints per case and dtype: parameters, GFLOP per step (counted analytically: convolutions, linear layers,"
                        + " attention QK^T and AV; 2 FLOP per multiply-add), median and min step ms, achieved GFLOP/s and"
                        + " its ratio to the fp32 GEMM rate re-measured just before each case. The SD 1.5 case needs about 6 GB"
                        + " of memory and minutes per step on 2 cores."})
public final class BenchUnetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3",
            description = "Timed steps per case and dtype after one warm-up step; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "2", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--sd15", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Include the SD 1.5 UNet (default: true).")
    boolean sd15;

    @Option(names = "--sd15-latent", paramLabel = "N", defaultValue = "64",
            description = "SD 1.5 latent size (default: ${DEFAULT-VALUE}, i.e. 512 px).")
    int sd15Latent;

    @Option(names = "--small", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Include the small UNet (default: true).")
    boolean small;

    @Option(names = "--small-latent", paramLabel = "N", defaultValue = "32",
            description = "Small UNet latent size (default: ${DEFAULT-VALUE}, i.e. 256 px).")
    int smallLatent;

    @Option(names = "--bf16", paramLabel = "MODE", split = ",", defaultValue = "autocast,weights",
            description = "bfloat16 variants timed after fp32, comma-separated: autocast (fp32 weights, libtorch CPU"
                    + " autocast: conv/matmul in bf16), weights (bf16 weights and activations), none (default: ${DEFAULT-VALUE}).")
    List<String> bf16;

    @Option(names = "--sd15-bf16", negatable = true, fallbackValue = "true",
            description = "Time the bf16 modes on the SD 1.5 UNet too (default: only when the CPU computes bf16 natively;"
                    + " emulated bf16 measured about 20x slower than fp32 on an AVX2-only CPU, i.e. tens of minutes per step).")
    Boolean sd15Bf16;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "libtorch intra-op threads; 0 keeps libtorch's default (one per core). On a busy machine 1 can be"
                    + " faster: OpenMP workers spin while waiting for a core (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random weights and inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (repeats < 1 || batch < 1) throw new DmException("--repeats and --batch must be >= 1");
        if (threads < 0) throw new DmException("--threads must be >= 0");
        if (sd15Latent < 8 || smallLatent < 4) throw new DmException("--sd15-latent must be >= 8 and --small-latent >= 4");
        List<UNetBenchmark.Case> cases = new ArrayList<>();
        if (small) cases.add(UNetBenchmark.small(batch, smallLatent));
        if (sd15) {
            boolean bf16Here = sd15Bf16 != null ? sd15Bf16 : org.diffumatting.tensor.EngineInfo.cpuHasBf16();
            cases.add(UNetBenchmark.sd15(batch, sd15Latent).withBf16(bf16Here));
        }
        if (cases.isEmpty()) throw new DmException("nothing to time: both --no-sd15 and --no-small given");
        List<UNetBenchmark.Bf16Mode> modes = new ArrayList<>();
        for (String m : bf16) {
            switch (m.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "autocast" -> modes.add(UNetBenchmark.Bf16Mode.AUTOCAST);
                case "weights" -> modes.add(UNetBenchmark.Bf16Mode.WEIGHTS);
                case "none" -> { }
                default -> throw new DmException("--bf16: unknown mode '" + m + "' (autocast, weights, none)");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        UNetBenchmark.Report r = UNetBenchmark.run(new UNetBenchmark.Request(cases, repeats, modes, seed, threads), line -> {
            out.print(line); // rows appear as they finish
            out.flush();
        });
        out.println("load average (1/5/15 min) before: " + r.loadBefore() + ", after: " + r.loadAfter()
                + " (other processes on this machine slow every figure down)");
        out.flush();
        return 0;
    }
}
