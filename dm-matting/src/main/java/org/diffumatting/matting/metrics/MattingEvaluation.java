package org.diffumatting.matting.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.io.ImageFiles;

/**
 * Evaluates a directory of predicted alphas against ground truth (and trimaps): files are matched by stem
 * (any of .png, .jpg, .jpeg, case-insensitive); the ground-truth directory defines the set. Before any metric is
 * computed, every missing counterpart, every prediction without ground truth, every ambiguous stem and every size
 * mismatch is reported as a one-line {@link DmException} naming the file, so nothing is written on bad input.
 */
public final class MattingEvaluation {
    private MattingEvaluation() {}

    /** File extensions that count as images. */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg");

    /**
     * The convention of {@code dm evaluate --convention dim|whole}: dim needs a trimap; whole with a trimap is the
     * P3M trimap variant.
     */
    public static Convention resolveConvention(String family, boolean haveTrimap) {
        return switch (family.toLowerCase(Locale.ROOT)) {
            case "dim" -> {
                if (!haveTrimap) throw new DmException("--convention dim needs --trimap DIR (unknown region = trimap 128)");
                yield Convention.DIM;
            }
            case "whole" -> haveTrimap ? Convention.WHOLE_TRIMAP : Convention.WHOLE;
            default -> throw new DmException("unknown --convention '" + family + "' (expected dim or whole)");
        };
    }

    /** Matches, checks, evaluates every image, writes the JSON report if asked, and returns the report. */
    public static EvaluationReport run(EvaluationRequest req) {
        Convention conv = req.convention();
        if (conv.needsTrimap() && req.trimapDir() == null)
            throw new DmException("convention " + conv.id() + " needs a trimap directory");
        Map<String, Path> gts = imagesByStem(req.gtDir(), "ground-truth");
        if (gts.isEmpty())
            throw new DmException("no .png/.jpg images in ground-truth directory " + req.gtDir());
        Map<String, Path> preds = imagesByStem(req.predDir(), "prediction");
        Map<String, Path> tris = req.trimapDir() == null || !conv.needsTrimap()
                ? Map.of() : imagesByStem(req.trimapDir(), "trimap");
        for (String stem : preds.keySet())
            if (!gts.containsKey(stem))
                throw new DmException("prediction " + preds.get(stem) + " has no ground truth " + stem
                        + ".{png,jpg} in " + req.gtDir());
        List<Triple> triples = new ArrayList<>();
        for (Map.Entry<String, Path> e : gts.entrySet()) {
            String stem = e.getKey();
            Path pred = preds.get(stem);
            if (pred == null)
                throw new DmException("missing prediction " + stem + ".{png,jpg} in " + req.predDir()
                        + " for ground truth " + e.getValue());
            Path tri = null;
            if (conv.needsTrimap()) {
                tri = tris.get(stem);
                if (tri == null)
                    throw new DmException("missing trimap " + stem + ".{png,jpg} in " + req.trimapDir()
                            + " for ground truth " + e.getValue());
            }
            triples.add(new Triple(stem, pred, e.getValue(), tri));
        }
        for (Triple t : triples) checkSizes(t);

        List<EvaluationReport.Row> rows = new ArrayList<>();
        for (Triple t : triples) {
            AlphaMap p = ImageFiles.readAlpha(t.pred);
            AlphaMap g = ImageFiles.readAlpha(t.gt);
            AlphaMap tri = t.trimap == null ? null : ImageFiles.readAlpha(t.trimap);
            rows.add(new EvaluationReport.Row(t.stem, MattingMetrics.evaluate(p, g, tri, conv)));
        }
        EvaluationReport report = new EvaluationReport(conv, rows);
        if (req.jsonOut() != null) report.writeJson(req.jsonOut());
        return report;
    }

    private record Triple(String stem, Path pred, Path gt, Path trimap) {}

    private static void checkSizes(Triple t) {
        int[] g = ImageFiles.readSize(t.gt);
        int[] p = ImageFiles.readSize(t.pred);
        if (g[0] != p[0] || g[1] != p[1])
            throw new DmException("size mismatch: " + t.pred + " is " + p[0] + "x" + p[1] + " but " + t.gt + " is "
                    + g[0] + "x" + g[1]);
        if (t.trimap != null) {
            int[] q = ImageFiles.readSize(t.trimap);
            if (g[0] != q[0] || g[1] != q[1])
                throw new DmException("size mismatch: " + t.trimap + " is " + q[0] + "x" + q[1] + " but " + t.gt
                        + " is " + g[0] + "x" + g[1]);
        }
    }

    /** Image files of a directory by stem, sorted by stem; a stem present with two extensions is an error. */
    static Map<String, Path> imagesByStem(Path dir, String role) {
        if (!Files.isDirectory(dir)) throw new DmException(role + " directory not found: " + dir);
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s.sorted()::iterator) {
                if (!Files.isRegularFile(f)) continue;
                String name = f.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot <= 0) continue;
                String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
                if (!EXTENSIONS.contains(ext)) continue;
                String stem = name.substring(0, dot);
                Path prev = out.put(stem, f);
                if (prev != null)
                    throw new DmException("ambiguous " + role + " stem '" + stem + "': both " + prev + " and " + f);
            }
        } catch (IOException e) {
            throw new DmException("cannot list " + role + " directory " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
