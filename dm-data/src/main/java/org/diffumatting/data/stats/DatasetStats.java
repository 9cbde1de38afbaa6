package org.diffumatting.data.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.diffumatting.common.DmException;

/**
 * {@code dm data stats DIR}: tables from a dataset's manifest.jsonl: samples per source and split,
 * distinct objects, the distribution of the soft-pixel fraction (pixels with 0 < alpha < 1), and
 * the caption vocabulary (distinct words, most frequent words).
 */
public final class DatasetStats {

    /** Everything the tables show. */
    public record Stats(int samples, Map<String, Map<String, Integer>> perSourceSplit, Map<String, Integer> perSplit,
                        Map<String, Integer> objectsPerSplit, Map<String, Integer> sourceObjectsPerSplit, int objectsInSeveralSplits, int procedural,
                        Map<String, Integer> softHistogram, Map<String, Double> softMeanPerSource,
                        int vocabulary, List<Map.Entry<String, Integer>> topWords, List<String> ids) {}

    /** Histogram bin upper edges of the soft-pixel fraction. */
    static final double[] SOFT_EDGES = {0.0, 0.01, 0.02, 0.05, 0.10, 0.20, 0.50, 1.0};

    private DatasetStats() {}

    public static Stats compute(Path dir) {
        Path manifest = dir.resolve("manifest.jsonl");
        if (!Files.isRegularFile(manifest))
            throw new DmException("no manifest.jsonl in " + dir + ": build the set first with `dm data build-greenset --out " + dir + "`");
        ObjectMapper om = new ObjectMapper();
        Map<String, Map<String, Integer>> perSourceSplit = new TreeMap<>();
        Map<String, Integer> perSplit = new TreeMap<>(), softHist = new LinkedHashMap<>(), words = new TreeMap<>();
        Map<String, Set<String>> objectSplits = new TreeMap<>();
        Map<String, Set<String>> sourceObjects = new TreeMap<>(); // split -> distinct non-procedural source objects
        Map<String, double[]> softSum = new TreeMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SOFT_EDGES.length; i++) softHist.put(binLabel(i), 0);
        int samples = 0, procedural = 0, lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(manifest)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                JsonNode n;
                try {
                    n = om.readTree(line);
                } catch (IOException e) {
                    throw new DmException(manifest + " line " + lineNo + ": not JSON: " + String.valueOf(e.getMessage()).replace('\n', ' '));
                }
                String source = n.path("source").asText(), split = n.path("split").asText();
                samples++;
                ids.add(n.path("id").asText());
                perSourceSplit.computeIfAbsent(source, k -> new TreeMap<>()).merge(split, 1, Integer::sum);
                perSplit.merge(split, 1, Integer::sum);
                if (n.path("procedural").asBoolean()) procedural++;
                else sourceObjects.computeIfAbsent(split, k -> new HashSet<>()).add(n.path("object").asText());
                objectSplits.computeIfAbsent(n.path("group").asText(n.path("object").asText()), k -> new HashSet<>()).add(split);
                double soft = n.path("soft_fraction").asDouble();
                softHist.merge(binLabel(bin(soft)), 1, Integer::sum);
                double[] acc = softSum.computeIfAbsent(source, k -> new double[2]);
                acc[0] += soft;
                acc[1]++;
                for (String w : n.path("caption").asText().toLowerCase().split("[^a-z0-9'-]+")) if (!w.isEmpty()) words.merge(w, 1, Integer::sum);
            }
        } catch (IOException e) {
            throw new DmException("cannot read " + manifest + ": " + e.getMessage(), e);
        }
        Map<String, Integer> objectsPerSplit = new TreeMap<>();
        int several = 0;
        for (Set<String> s : objectSplits.values()) {
            if (s.size() > 1) several++;
            for (String sp : s) objectsPerSplit.merge(sp, 1, Integer::sum);
        }
        Map<String, Integer> sourceObjectsPerSplit = new TreeMap<>();
        sourceObjects.forEach((k, v) -> sourceObjectsPerSplit.put(k, v.size()));
        Map<String, Double> softMean = new TreeMap<>();
        softSum.forEach((k, v) -> softMean.put(k, v[0] / v[1]));
        List<Map.Entry<String, Integer>> top = new ArrayList<>(words.entrySet());
        top.sort((a, b) -> b.getValue() != a.getValue().intValue() ? b.getValue() - a.getValue() : a.getKey().compareTo(b.getKey()));
        return new Stats(samples, perSourceSplit, perSplit, objectsPerSplit, sourceObjectsPerSplit, several, procedural, softHist, softMean, words.size(),
                top.subList(0, Math.min(30, top.size())), ids);
    }

    static int bin(double soft) {
        if (soft <= 0) return 0;
        for (int i = 1; i < SOFT_EDGES.length; i++) if (soft <= SOFT_EDGES[i]) return i;
        return SOFT_EDGES.length - 1;
    }

    static String binLabel(int i) {
        if (i == 0) return "0";
        return "(" + pct(SOFT_EDGES[i - 1]) + ", " + pct(SOFT_EDGES[i]) + "]";
    }

    private static String pct(double v) {
        return Math.round(v * 100) + "%";
    }

    /** The tables as text. */
    public static String format(Stats s) {
        StringBuilder sb = new StringBuilder();
        List<String> splits = List.of("train", "val", "test");
        sb.append(String.format("samples %d (procedural %d); object groups in more than one split: %d%n%n", s.samples(), s.procedural(),
                s.objectsInSeveralSplits()));
        sb.append(String.format("%-24s %8s %8s %8s %8s %10s%n", "source", "train", "val", "test", "total", "soft mean"));
        s.perSourceSplit().forEach((src, m) -> sb.append(String.format("%-24s %8d %8d %8d %8d %9.2f%%%n", src, m.getOrDefault("train", 0),
                m.getOrDefault("val", 0), m.getOrDefault("test", 0), m.values().stream().mapToInt(Integer::intValue).sum(),
                100 * s.softMeanPerSource().get(src))));
        sb.append(String.format("%-24s %8d %8d %8d %8d%n", "all", s.perSplit().getOrDefault("train", 0), s.perSplit().getOrDefault("val", 0),
                s.perSplit().getOrDefault("test", 0), s.samples()));
        sb.append(String.format("%-24s %8d %8d %8d%n", "source images (objects)", s.sourceObjectsPerSplit().getOrDefault("train", 0),
                s.sourceObjectsPerSplit().getOrDefault("val", 0), s.sourceObjectsPerSplit().getOrDefault("test", 0)));
        sb.append(String.format("%-24s %8d %8d %8d%n%n", "object groups", s.objectsPerSplit().getOrDefault("train", 0),
                s.objectsPerSplit().getOrDefault("val", 0), s.objectsPerSplit().getOrDefault("test", 0)));
        sb.append("soft-pixel fraction (0 < alpha < 1) per sample:\n");
        s.softHistogram().forEach((k, v) -> sb.append(String.format("  %-16s %7d  %s%n", k, v,
                "#".repeat((int) Math.round(50.0 * v / Math.max(1, s.samples()))))));
        sb.append(String.format("%ncaption vocabulary: %d distinct words; most frequent:%n", s.vocabulary()));
        StringBuilder line = new StringBuilder("  ");
        for (Map.Entry<String, Integer> e : s.topWords()) line.append(e.getKey()).append(' ').append(e.getValue()).append(", ");
        sb.append(line.substring(0, Math.max(2, line.length() - 2))).append('\n');
        return sb.toString();
    }
}
