package org.diffumatting.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.diffumatting.tensor.TensorBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dm bench tensor}: engine check and speed of libtorch on this machine. */
@Command(name = "tensor", mixinStandardHelpOptions = true,
        description = {"Prints the engine in use (libtorch version, BLAS actually loaded: MKL or OpenBLAS, threads, CUDA),"
                + " then times an NxN fp32 GEMM, a UNet-like block (conv3x3-GroupNorm-SiLU-conv3x3 + attention) as"
                + " forward and as training step (fp32 and bf16 autocast) at each thread count, and safetensors write/load"
                + " throughput.",
                "Compare thread counts on a shared or busy machine: one thread can be much faster there."})
public final class BenchTensorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--threads", paramLabel = "N", split = ",", defaultValue = "1,2",
            description = "Intra-op thread counts to compare, comma-separated (default: ${DEFAULT-VALUE}).")
    int[] threads;

    @Option(names = "--gemm", paramLabel = "N", defaultValue = "1024",
            description = "Size of the square GEMM (default: ${DEFAULT-VALUE}).")
    int gemm;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "8", description = "Block batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--channels", paramLabel = "C", defaultValue = "64",
            description = "Block channels, a multiple of 32 (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--size", paramLabel = "S", defaultValue = "32", description = "Block spatial size SxS (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10", description = "Timed steps per configuration (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--safetensors-mb", paramLabel = "MB", defaultValue = "256",
            description = "Size of the safetensors file written and loaded back; 0 skips it (default: ${DEFAULT-VALUE}).")
    int safetensorsMb;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}",
            description = "Directory for the temporary safetensors file (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() {
        String report = TensorBenchmark.run(new TensorBenchmark.Request(threads, gemm, batch, channels, size, steps, safetensorsMb, dir));
        PrintWriter out = spec.commandLine().getOut();
        out.print(report);
        out.flush();
        return 0;
    }
}
