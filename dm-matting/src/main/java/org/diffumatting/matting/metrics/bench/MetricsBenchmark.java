package org.diffumatting.matting.metrics.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.metrics.ConnectivityError;
import org.diffumatting.matting.metrics.GradientError;
import org.diffumatting.matting.metrics.Mad;
import org.diffumatting.matting.metrics.Mse;
import org.diffumatting.matting.metrics.Sad;
import org.diffumatting.matting.metrics.TrimapRegions;

/**
 * {@code dm bench metrics}: times every metric (DIM and whole-image conventions) on realistic synthetic mattes
 * ({@link SyntheticMattes}) in Java and in the numpy/scipy reference on the very same pixels (uint8 .npy files in
 * a temporary directory), in one invocation. Each timing is the median of {@code repeats} runs after warm-up;
 * DIM timings include building the unknown mask from the trimap, as the reference does.
 */
public final class MetricsBenchmark {
    private MetricsBenchmark() {}

    /**
     * @param size      width and height of the mattes
     * @param repeats   timed runs per metric (after warm-up)
     * @param reference the reference script, or null to locate it ({@link PythonReference#locate})
     */
    public record Request(int size, int repeats, Path reference) {
        public Request {
            if (size < 8) throw new DmException("--size must be at least 8, got " + size);
            if (repeats < 1) throw new DmException("--repeats must be at least 1, got " + repeats);
        }
    }

    public static MetricsBenchReport run(Request req) {
        Path script = PythonReference.locate(req.reference());
        SyntheticMattes.Triple in = SyntheticMattes.generate(req.size(), req.size(), 2024);
        int w = req.size(), h = req.size();
        double[] p = in.pred().data(), g = in.gt().data();
        AlphaMap tri = in.trimap();

        Path dir;
        try {
            dir = Files.createTempDirectory("dm-bench-metrics");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        JsonNode ref;
        try {
            NpyFiles.writeUint8(dir.resolve("pred.npy"), in.pred());
            NpyFiles.writeUint8(dir.resolve("gt.npy"), in.gt());
            NpyFiles.writeUint8(dir.resolve("trimap.npy"), tri);
            ref = PythonReference.bench(script, dir.resolve("pred.npy"), dir.resolve("gt.npy"),
                    dir.resolve("trimap.npy"), req.repeats());
        } finally {
            deleteTree(dir);
        }

        Map<String, DoubleSupplier> java = new HashMap<>();
        java.put("sad/dim", () -> Sad.inRegion(p, g, new TrimapRegions(tri).unknownMask()));
        java.put("mse/dim", () -> Mse.inRegion(p, g, new TrimapRegions(tri).unknownMask()));
        java.put("mad/dim", () -> Mad.inRegion(p, g, new TrimapRegions(tri).unknownMask()));
        java.put("grad/dim", () -> GradientError.dim(p, g, w, h, new TrimapRegions(tri).unknownMask()));
        java.put("conn/dim", () -> ConnectivityError.compute(p, g, w, h, new TrimapRegions(tri).unknownMask(), false));
        java.put("sad/whole", () -> Sad.wholeImage(p, g));
        java.put("mse/whole", () -> Mse.wholeImage(p, g));
        java.put("mad/whole", () -> Mad.wholeImage(p, g));
        java.put("grad/whole", () -> GradientError.wholeImage(p, g, w, h));
        java.put("conn/whole", () -> ConnectivityError.compute(p, g, w, h, null, true));

        List<MetricsBenchReport.Row> rows = new ArrayList<>();
        for (JsonNode r : ref.get("rows")) {
            String metric = r.get("metric").asText(), conv = r.get("convention").asText();
            DoubleSupplier f = java.get(metric + "/" + conv);
            if (f == null) throw new IllegalStateException("reference reported unknown metric " + metric + "/" + conv);
            double[] timing = time(f, req.repeats());
            double numpyValue = r.get("value").isNull() ? Double.NaN : r.get("value").asDouble();
            rows.add(new MetricsBenchReport.Row(metric, conv, timing[0], r.get("ms").asDouble(), timing[1], numpyValue));
        }
        MetricsBenchReport.Row gw = find(rows, "grad", "whole"), cw = find(rows, "conn", "whole");
        rows.add(new MetricsBenchReport.Row("grad+conn", "whole", gw.javaMs() + cw.javaMs(), gw.numpyMs() + cw.numpyMs(),
                gw.javaValue() + cw.javaValue(), gw.numpyValue() + cw.numpyValue()));
        return new MetricsBenchReport(w, h, req.repeats(), ForkJoinPool.commonPool().getParallelism() + 1,
                ref.path("numpy").asText("?"), ref.path("scipy").asText("?"), rows);
    }

    private static MetricsBenchReport.Row find(List<MetricsBenchReport.Row> rows, String metric, String conv) {
        for (MetricsBenchReport.Row r : rows) if (r.metric().equals(metric) && r.convention().equals(conv)) return r;
        throw new IllegalStateException("reference did not report " + metric + "/" + conv);
    }

    /** {median ms, value} of f over {@code repeats} runs after two warm-up runs (JIT compilation). */
    static double[] time(DoubleSupplier f, int repeats) {
        double value = f.getAsDouble();
        value = f.getAsDouble();
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            value = f.getAsDouble();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double median = repeats % 2 == 1 ? ms[repeats / 2] : (ms[repeats / 2 - 1] + ms[repeats / 2]) / 2;
        return new double[] {median, value};
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }
}
