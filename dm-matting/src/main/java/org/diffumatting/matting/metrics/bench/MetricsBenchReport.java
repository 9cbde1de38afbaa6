package org.diffumatting.matting.metrics.bench;

import java.util.List;
import java.util.Locale;

/**
 * Result of {@code dm bench metrics}: per metric and convention the median Java and numpy/scipy times (ms) on
 * the same inputs, the speed-up numpy / Java, and both values (which must agree).
 */
public record MetricsBenchReport(int width, int height, int repeats, int threads, String numpyVersion,
                                 String scipyVersion, List<Row> rows) {

    /** One metric under one convention. */
    public record Row(String metric, String convention, double javaMs, double numpyMs, double javaValue,
                      double numpyValue) {
        public double speedup() {
            return numpyMs / javaMs;
        }

        /** |java - numpy| / max(|numpy|, 1e-300); 0 when both are equal. */
        public double relativeDifference() {
            if (javaValue == numpyValue) return 0;
            return Math.abs(javaValue - numpyValue) / Math.max(Math.abs(numpyValue), 1e-300);
        }
    }

    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "dm bench metrics: %dx%d synthetic mattes, median of %d repeats, Java %d threads;"
                + " reference numpy %s / scipy %s%n", width, height, repeats, threads, numpyVersion, scipyVersion));
        sb.append(String.format(Locale.ROOT, "%-10s %-12s %10s %10s %9s %12s%n", "metric", "convention", "Java ms",
                "numpy ms", "speed-up", "rel. diff"));
        for (Row r : rows)
            sb.append(String.format(Locale.ROOT, "%-10s %-12s %10.1f %10.1f %8.2fx %12.1e%n", r.metric, r.convention,
                    r.javaMs, r.numpyMs, r.speedup(), r.relativeDifference()));
        return sb.toString();
    }
}
