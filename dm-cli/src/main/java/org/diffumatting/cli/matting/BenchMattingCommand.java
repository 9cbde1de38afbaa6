package org.diffumatting.cli.matting;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.composite.CompositeDatasetBuilder;
import org.diffumatting.matting.foreground.MultiLevelForegroundEstimator;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.key.DifferenceKeyer;
import org.diffumatting.matting.trimap.TrimapGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dm bench matting}: wall time of the matting toolkit's operations on a synthetic image. */
@Command(name = "matting", mixinStandardHelpOptions = true,
        description = {"Times foreground estimation, trimap, keying, one composite sample and PNG I/O on a synthetic"
                + " SIZE x SIZE image (soft disk alpha over a smooth colour field, fixed seed); prints the median wall"
                + " and thread-CPU time of --repeat runs after one warm-up run (single thread; CPU time is the fair figure"
                + " on a shared, loaded machine)."})
public final class BenchMattingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--size", paramLabel = "N", defaultValue = "2048", description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "3", description = "Timed runs per operation (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Override
    public Integer call() {
        if (size < 1 || repeat < 1) throw new DmException("--size and --repeat must be at least 1");
        int n = size;
        SplittableRandom rng = new SplittableRandom(1);
        RgbImage fg = RgbImage.zeros(n, n), bg = RgbImage.zeros(n, n), img = RgbImage.zeros(n, n);
        AlphaMap alpha = AlphaMap.zeros(n, n);
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) {
                double u = (double) x / n, v = (double) y / n;
                double a = Math.min(1, Math.max(0, 4 * (0.35 - Math.hypot(u - 0.5, v - 0.5)) + 0.5 + 0.1 * rng.nextDouble()));
                alpha.set(x, y, a);
                float[] f = {(float) (0.5 + 0.4 * u), (float) (0.3 + 0.2 * v), (float) (0.6 - 0.3 * u)};
                for (int c = 0; c < 3; c++) {
                    fg.set(x, y, c, f[c]);
                    float b = c == 1 ? 1f : 0f;
                    bg.set(x, y, c, b);
                    img.set(x, y, c, (float) (a * f[c] + (1 - a) * b));
                }
            }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("dm bench matting: %dx%d (%.1f Mpx), median of %d runs, %s, %d cores visible%n", n, n, n * (double) n / 1e6,
                repeat, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        out.printf("%-44s %10s %10s %10s%n", "operation", "wall ms", "cpu ms", "Mpx/s");
        time(out, "foreground estimate (F and B, Germer 2020)", n, () -> MultiLevelForegroundEstimator.estimate(img, alpha));
        time(out, "foreground estimate (known green B)", n, () -> MultiLevelForegroundEstimator.estimate(img, alpha,
                MultiLevelForegroundEstimator.Options.defaults().withBackground(new float[] {0, 1, 0})));
        time(out, "trimap erode-dilate, disk r=10", n, () -> TrimapGenerator.generate(alpha));
        time(out, "trimap erode-dilate, square r=10", n, () -> TrimapGenerator.generate(alpha,
                new TrimapGenerator.Options(10, TrimapGenerator.Kernel.SQUARE, TrimapGenerator.Mode.ERODE_DILATE)));
        time(out, "difference key + unmix + despill", n, () -> DifferenceKeyer.key(img, DifferenceKeyer.Options.defaults()));
        CompositeDatasetBuilder.Params p = CompositeDatasetBuilder.Params.of(1, 0);
        time(out, "composite sample (crop, zoom, trimap)", n, () -> CompositeDatasetBuilder.compose(fg, alpha, bg,
                CompositeDatasetBuilder.place(new SplittableRandom(3), 0, n, n, n, n, p), p));
        Path tmp;
        try {
            tmp = Files.createTempFile("dm-bench-", ".png");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            time(out, "PNG write 8-bit RGB", n, () -> {
                ImageFiles.writeRgb(tmp, img);
                return null;
            });
            time(out, "PNG read 8-bit RGB", n, () -> ImageFiles.readRgb(tmp));
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // temporary file
            }
        }
        return 0;
    }

    private void time(PrintWriter out, String name, int n, Supplier<Object> op) {
        op.get(); // warm-up
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] ms = new double[repeat], cpu = new double[repeat];
        for (int r = 0; r < repeat; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            op.get();
            ms[r] = (System.nanoTime() - t0) / 1e6;
            cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        double med = ms[repeat / 2];
        out.printf("%-44s %10.1f %10.1f %10.2f%n", name, med, cpu[repeat / 2], n * (double) n / 1e6 / (med / 1000));
        out.flush();
    }
}
