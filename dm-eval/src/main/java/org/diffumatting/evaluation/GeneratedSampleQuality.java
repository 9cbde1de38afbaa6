package org.diffumatting.evaluation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.diffumatting.common.ProgressText;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.pipelines.GenerateRequest;
import org.diffumatting.pipelines.GeneratedImage;
import org.diffumatting.pipelines.GenerationListener;
import org.diffumatting.pipelines.GreenCanvasPipeline;
import org.diffumatting.train.log.ImageGrid;

/**
 * Part (b) of {@code dm eval model}: generates one image per prompt of each list (image i of a list uses seed
 * {@code seed + i}, as {@link GenerateRequest} numbers them) and scores each with {@link GreenPurity} (pooled over
 * the list's background pixels), {@link CompositionConsistency} (mean over samples) and {@link ObjectValidity}
 * (share of valid samples). "overall" pools both lists the same way.
 */
public final class GeneratedSampleQuality {
    public static final String OVERALL = "overall";

    /** Scores of one prompt list (or of all lists: {@link #OVERALL}). */
    public record ListScores(int samples, GreenPurity.Count purity, double consistencySum, int valid, int badCoverage, int cutByBorder,
                             double coverageSum) {
        static final ListScores EMPTY = new ListScores(0, GreenPurity.Count.ZERO, 0, 0, 0, 0, 0);

        ListScores plus(ListScores o) {
            return new ListScores(samples + o.samples, purity.plus(o.purity), consistencySum + o.consistencySum, valid + o.valid,
                    badCoverage + o.badCoverage, cutByBorder + o.cutByBorder, coverageSum + o.coverageSum);
        }

        /** Share of background pixels within 0.05 of pure green (linear RGB). */
        public double purityShare() {
            return purity.share();
        }

        /** Mean over samples of mean |a F + (1-a) G - I|. */
        public double consistency() {
            return samples == 0 ? Double.NaN : consistencySum / samples;
        }

        public double validRate() {
            return samples == 0 ? Double.NaN : (double) valid / samples;
        }

        public double meanCoverage() {
            return samples == 0 ? Double.NaN : coverageSum / samples;
        }
    }

    /** Scores per list name, then {@link #OVERALL}. */
    public record Result(Map<String, ListScores> lists, int steps, long seed, double guidanceScale, String scheduler) {}

    private GeneratedSampleQuality() {}

    /** Scores of one generated sample. */
    static ListScores score(GeneratedImage g) {
        ObjectValidity.Verdict v = ObjectValidity.judge(g.alpha());
        return new ListScores(1, GreenPurity.count(g.green(), g.alpha()),
                CompositionConsistency.meanAbsError(g.green(), g.foreground(), g.alpha()),
                v.valid() ? 1 : 0, v.coverageOk() ? 0 : 1, v.cutByBorder() ? 1 : 0, v.coverage());
    }

    /**
     * @param lists        list name -> prompts (in order)
     * @param base         request template: model, steps, scheduler, guidance, size, device (prompts and seed replaced)
     * @param contactSheet PNG to write (green image row over alpha row, 10 per row, lists one after the other), or null
     */
    public static Result run(GreenCanvasPipeline pipe, Map<String, List<String>> lists, GenerateRequest base, Path contactSheet,
                             PrintStream progress) {
        Map<String, ListScores> out = new LinkedHashMap<>();
        ListScores all = ListScores.EMPTY;
        List<List<RgbImage>> rows = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : lists.entrySet()) {
            GenerateRequest r = new GenerateRequest(base.model(), e.getValue(), base.negativePrompt(), 1, base.seed(), base.steps(),
                    base.scheduler(), base.guidanceScale(), base.width(), base.height(), base.batchSize(), base.device(), base.dtype(),
                    base.threads());
            ListScores[] acc = {ListScores.EMPTY};
            if (!rows.isEmpty()) { // each list starts a new pair of rows
                rows.add(new ArrayList<>());
                rows.add(new ArrayList<>());
            }
            String name = e.getKey();
            pipe.generate(r, new GenerationListener() {
                @Override
                public void onBatch(int done, int total, double seconds) {
                    if (done % 20 == 0 || done == total) progress.printf("[eval b] %s: %d/%d generated, %s%n", name, done, total, ProgressText.elapsedRateEta(done, total, seconds));
                }
            }, batch -> {
                for (GeneratedImage g : batch) {
                    acc[0] = acc[0].plus(score(g));
                    addToSheet(rows, g);
                }
            });
            out.put(name, acc[0]);
            all = all.plus(acc[0]);
        }
        out.put(OVERALL, all);
        if (contactSheet != null && !rows.isEmpty()) ImageGrid.write(contactSheet, rows);
        return new Result(out, base.steps(), base.seed(), base.guidanceScale(), base.scheduler());
    }

    static final int SHEET_COLUMNS = 10;

    /** Appends g to the last pair of rows (green over alpha), starting a new pair every {@link #SHEET_COLUMNS}. */
    private static void addToSheet(List<List<RgbImage>> rows, GeneratedImage g) {
        if (rows.isEmpty() || rows.get(rows.size() - 1).size() == SHEET_COLUMNS) {
            rows.add(new ArrayList<>());
            rows.add(new ArrayList<>());
        }
        rows.get(rows.size() - 2).add(g.green());
        rows.get(rows.size() - 1).add(ImageGrid.grey(g.alpha()));
    }
}
