package org.diffumatting.cli.matting;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.diffumatting.matting.foreground.ForegroundJob;
import org.diffumatting.matting.foreground.MultiLevelForegroundEstimator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dm foreground}: foreground colour estimation (Germer et al. 2020 multi-level method). */
@Command(name = "foreground", mixinStandardHelpOptions = true,
        description = {"Estimates the foreground colour F of an image given its alpha (Germer, Uelwer, Conrad, Harmeling 2020,"
                + " 'Fast Multi-Level Foreground Estimation', as pymatting's estimate_foreground_ml) and writes an RGBA PNG"
                + " of F with the given alpha: soft pixels lose the background colour (no green fringe).",
                "Minimises sum (aF + (1-a)B - I)^2 + sum_neighbours (eps + omega|grad a|)(|grad F|^2 + |grad B|^2)"
                        + " coarse to fine. With --background R,G,B the background is known (e.g. the green canvas) and only"
                        + " F is solved."})
public final class ForegroundCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--image", required = true, paramLabel = "FILE|DIR", description = "Input image (PNG/JPEG), or a directory of them (batch).")
    Path image;

    @Option(names = "--alpha", required = true, paramLabel = "FILE|DIR", description = "Its alpha matte, same size (gray PNG 8/16-bit or RGBA alpha); a directory of alphas matched by stem in batch mode.")
    Path alpha;

    @Option(names = "--out", required = true, paramLabel = "FILE|DIR", description = "Output RGBA PNG: estimated foreground + alpha; a directory (STEM.png) in batch mode.")
    Path out;

    @Option(names = "--background", paramLabel = "R,G,B", converter = CliValues.Rgb.class,
            description = "Known constant background colour, 0..255 each or #RRGGBB (e.g. 0,255,0); default: estimated.")
    CliValues.Color background;

    @Option(names = "--out-background", paramLabel = "FILE", description = "Also write the estimated background (RGB PNG/JPEG; a directory in batch mode).")
    Path outBackground;

    @Option(names = "--eps", paramLabel = "X", defaultValue = "5e-3",
            description = "Regularisation eps (default: ${DEFAULT-VALUE}, the paper's value; pymatting's library default is 1e-5).")
    double eps;

    @Option(names = "--omega", paramLabel = "X", defaultValue = "0.1",
            description = "Weight of the alpha gradient in the smoothness term (default: ${DEFAULT-VALUE}; pymatting: 1).")
    double omega;

    @Option(names = "--small-iterations", paramLabel = "N", defaultValue = "10",
            description = "Sweeps per level while both sides are <= --small-size (default: ${DEFAULT-VALUE}).")
    int smallIterations;

    @Option(names = "--big-iterations", paramLabel = "N", defaultValue = "2",
            description = "Sweeps per larger level (default: ${DEFAULT-VALUE}).")
    int bigIterations;

    @Option(names = "--small-size", paramLabel = "N", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
    int smallSize;

    @Option(names = "--timing", description = "Print the estimator's wall time (reading and writing excluded).")
    boolean timing;

    @Override
    public Integer call() {
        MultiLevelForegroundEstimator.Options options = new MultiLevelForegroundEstimator.Options(eps, omega,
                smallIterations, bigIterations, smallSize, background == null ? null : background.rgb());
        ForegroundJob.Summary s = ForegroundJob.run(new ForegroundJob.Request(image, alpha, out, outBackground, options));
        spec.commandLine().getOut().println("dm foreground: wrote " + (s.images() == 1 ? out.toString() : s.images() + " foregrounds to " + out)
                + (outBackground == null ? "" : " and " + outBackground)
                + (timing ? String.format(" (%.2f Mpx, estimate %d ms)", s.pixels() / 1e6, s.estimateMillis()) : ""));
        return 0;
    }
}
