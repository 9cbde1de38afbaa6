package org.diffumatting.matting.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.diffumatting.common.AtomicFiles;

/**
 * Per-image scores and their means under one convention. The mean of a metric is taken over the images where
 * it is defined (MSE/MAD are undefined, NaN, for an image whose trimap has no unknown pixel); it is NaN if no
 * image defines it. NaN is written as null in JSON and as "n/a" in the table.
 */
public record EvaluationReport(Convention convention, List<Row> rows) {

    /** One evaluated image: its file stem and scores. */
    public record Row(String name, MattingScores scores) {}

    public EvaluationReport {
        rows = List.copyOf(rows);
    }

    /** Mean of each metric over the images that define it. */
    public MattingScores mean() {
        double[] m = new double[MattingScores.METRICS.size()];
        for (int k = 0; k < m.length; k++) {
            String metric = MattingScores.METRICS.get(k);
            double s = 0;
            int n = 0;
            for (Row r : rows) {
                double v = r.scores.get(metric);
                if (!Double.isNaN(v)) {
                    s += v;
                    n++;
                }
            }
            m[k] = n == 0 ? Double.NaN : s / n;
        }
        return new MattingScores(convention, m[0], m[1], m[2], m[3], m[4]);
    }

    /** An aligned text table: a header naming the convention, one row per image, then the means. */
    public String table() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"image", "SAD", "MSE", "MAD", "Grad", "Conn"});
        for (Row r : rows) cells.add(line(r.name, r.scores));
        cells.add(line("mean", mean()));
        int[] width = new int[6];
        for (String[] c : cells) for (int k = 0; k < 6; k++) width[k] = Math.max(width[k], c[k].length());
        StringBuilder sb = new StringBuilder();
        sb.append("convention: ").append(convention.id()).append(" (").append(convention.description()).append(")\n");
        for (int i = 0; i < cells.size(); i++) {
            String[] c = cells.get(i);
            if (i == cells.size() - 1) sb.append("-".repeat(sum(width) + 2 * 5)).append('\n');
            sb.append(String.format(Locale.ROOT, "%-" + width[0] + "s", c[0]));
            for (int k = 1; k < 6; k++) sb.append("  ").append(String.format(Locale.ROOT, "%" + width[k] + "s", c[k]));
            sb.append('\n');
        }
        List<String> undefined = new ArrayList<>();
        for (Row r : rows) if (Double.isNaN(r.scores.mse()) || Double.isNaN(r.scores.mad())) undefined.add(r.name);
        if (!undefined.isEmpty())
            sb.append("note: MSE/MAD undefined (no unknown pixel in the trimap) for ").append(String.join(", ", undefined))
                    .append("; their means are over the other ").append(rows.size() - undefined.size()).append(" image(s)\n");
        return sb.toString();
    }

    private static int sum(int[] a) {
        int s = 0;
        for (int v : a) s += v;
        return s;
    }

    private static String[] line(String name, MattingScores s) {
        String[] c = new String[6];
        c[0] = name;
        for (int k = 0; k < 5; k++) c[k + 1] = format(s.get(MattingScores.METRICS.get(k)));
        return c;
    }

    /** 6 significant digits, "n/a" for an undefined value. */
    static String format(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e6) {
            int decimals = Math.max(0, 5 - (int) Math.floor(Math.log10(a)));
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
        return String.format(Locale.ROOT, "%.5e", v);
    }

    /** The report as JSON: {"convention", "images": [{"name", "sad", "mse", "mad", "grad", "conn"}], "mean": {...}}. */
    public String toJson() {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("convention", convention.id());
        ArrayNode images = root.putArray("images");
        for (Row r : rows) {
            ObjectNode o = images.addObject();
            o.put("name", r.name);
            putScores(o, r.scores);
        }
        putScores(root.putObject("mean"), mean());
        try {
            return om.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putScores(ObjectNode o, MattingScores s) {
        for (String m : MattingScores.METRICS) {
            double v = s.get(m);
            if (Double.isNaN(v)) o.putNull(m);
            else o.put(m, v);
        }
    }

    /** Writes {@link #toJson()} atomically. */
    public void writeJson(Path path) {
        AtomicFiles.writeString(path, toJson());
    }
}
