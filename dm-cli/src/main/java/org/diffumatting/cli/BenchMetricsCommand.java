package org.diffumatting.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.diffumatting.matting.metrics.bench.MetricsBenchReport;
import org.diffumatting.matting.metrics.bench.MetricsBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dm bench metrics}: Java matting metrics against the numpy/scipy reference on the same mattes. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Times SAD, MSE, MAD, Grad and Conn (DIM and whole-image conventions) on realistic synthetic"
                + " SIZExSIZE mattes (soft blobs, hair-like strands, k/255 values), in Java and in the numpy/scipy reference"
                + " tools/reference/matting_metrics.py run on the same pixels in the same invocation (needs python3 with"
                + " numpy and scipy).",
                "Prints per metric and convention: median Java ms, numpy ms, speed-up (numpy/Java) and the relative"
                        + " difference of the two values; the last row is whole-image Grad + Conn."})
public final class BenchMetricsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--size", paramLabel = "N", defaultValue = "2048",
            description = "Width and height of the synthetic mattes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "5",
            description = "Timed runs per metric after warm-up; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--reference", paramLabel = "FILE",
            description = "The reference script (default: tools/reference/matting_metrics.py found above the working"
                    + " directory or the installation).")
    Path reference;

    @Override
    public Integer call() {
        MetricsBenchReport report = MetricsBenchmark.run(new MetricsBenchmark.Request(size, repeats, reference));
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.table());
        out.flush();
        return 0;
    }
}
