package org.diffumatting.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.matting.metrics.Convention;
import org.diffumatting.matting.metrics.MattingScores;

/**
 * The result of {@code dm eval model}, as JSON (eval-model.json) and Markdown (eval-model.md). NaN is written as
 * JSON null and as "n/a".
 *
 * @param model          model folder evaluated
 * @param data           data set folder
 * @param head           part (a), null when not asked for
 * @param generated      part (b), null when not asked for
 * @param ablation       part (c), empty when not asked for
 * @param unseenInCaptions unseen prompts with a word that occurs in a training caption (should be empty)
 * @param contactSheet   contact sheet of part (b), null without it
 */
public record ModelEvalReport(Path model, Path data, HeadVsChromaKey.Result head, GeneratedSampleQuality.Result generated,
                              List<AblationStudy.Row> ablation, List<String> unseenInCaptions, Path contactSheet) {
    /** Target of head MSE / chroma-key MSE in both conventions. */
    public static final double MSE_RATIO_TARGET = 0.5;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model.toString());
        root.put("data", data.toString());
        if (head != null) {
            ObjectNode a = root.putObject("head_vs_chroma_key");
            a.put("split", "test");
            a.put("samples", head.samples());
            a.put("trimap", "erode-dilate, disk radius " + head.trimapBand() + " px, from the ground-truth alpha");
            a.put("trimap_band", head.trimapBand());
            ObjectNode conv = a.putObject("conventions");
            for (Convention c : HeadVsChromaKey.CONVENTIONS) conv.put(c.id(), c.description());
            ObjectNode methods = a.putObject("methods");
            for (Map.Entry<String, Map<Convention, ScoreMeans>> m : head.means().entrySet()) {
                ObjectNode mo = methods.putObject(m.getKey());
                for (Map.Entry<Convention, ScoreMeans> c : m.getValue().entrySet()) {
                    ObjectNode co = mo.putObject(c.getKey().id());
                    for (String metric : MattingScores.METRICS) number(co, metric, c.getValue().mean(metric));
                }
            }
            ObjectNode ratio = a.putObject("mse_ratio_head_over_chroma_key");
            for (Convention c : HeadVsChromaKey.CONVENTIONS) number(ratio, c.id(), head.mseRatio(c));
            ObjectNode ratioRecon = a.putObject("mse_ratio_head_over_chroma_key_on_reconstruction");
            for (Convention c : HeadVsChromaKey.CONVENTIONS) number(ratioRecon, c.id(), head.mseRatioOnReconstruction(c));
            ObjectNode bySource = a.putObject("mse_by_source");
            for (Map.Entry<String, Map<String, Map<Convention, ScoreMeans>>> src : head.bySource().entrySet()) {
                ObjectNode so = bySource.putObject(HeadVsChromaKey.Result.sourceLabel(src.getKey()));
                so.put("samples", HeadVsChromaKey.Result.samples(src.getValue()));
                for (String m : List.of(HeadVsChromaKey.HEAD, HeadVsChromaKey.KEY)) {
                    ObjectNode mo = so.putObject(m);
                    for (Convention c : HeadVsChromaKey.CONVENTIONS) number(mo, c.id(), src.getValue().get(m).get(c).mean("mse"));
                }
                ObjectNode r = so.putObject("ratio");
                for (Convention c : HeadVsChromaKey.CONVENTIONS) number(r, c.id(), HeadVsChromaKey.Result.mseRatio(src.getValue(), c));
            }
            ObjectNode byClass = a.putObject("dim_mse_by_alpha_class");
            for (Map.Entry<String, DimMseByAlphaClass> m : head.dimByClass().entrySet()) {
                ObjectNode mo = byClass.putObject(m.getKey());
                for (int k = 0; k < DimMseByAlphaClass.CLASSES.size(); k++) number(mo, DimMseByAlphaClass.CLASSES.get(k), m.getValue().mean(k));
            }
            a.put("mse_ratio_target", MSE_RATIO_TARGET);
            a.put("mse_ratio_met", ratioMet());
        }
        if (generated != null) root.set("generated", generatedJson(generated));
        ArrayNode abl = root.putArray("ablation");
        for (AblationStudy.Row r : ablation) {
            ObjectNode o = abl.addObject();
            o.put("variant", r.name());
            o.put("config", r.config().toString());
            o.put("lambda_green", r.lambdaGreen());
            o.put("lambda_tb", r.lambdaTb());
            o.put("max_steps", r.maxSteps());
            o.put("seed", r.seed());
            number(o, "final_loss", r.finalLoss());
            o.put("model_dir", r.modelDir().toString());
            o.set("generated", generatedJson(r.quality()));
        }
        if (generated != null || !ablation.isEmpty()) {
            ArrayNode leaks = root.putArray("unseen_prompts_with_a_training_caption_word");
            unseenInCaptions.forEach(leaks::add);
        }
        if (contactSheet != null) root.put("contact_sheet", contactSheet.toString());
        return root;
    }

    /** Whether head MSE / chroma-key MSE &lt;= 0.5 under both conventions (false without part a). */
    public boolean ratioMet() {
        if (head == null) return false;
        for (Convention c : HeadVsChromaKey.CONVENTIONS) if (!(head.mseRatio(c) <= MSE_RATIO_TARGET)) return false;
        return true;
    }

    private static ObjectNode generatedJson(GeneratedSampleQuality.Result g) {
        ObjectNode o = JSON.createObjectNode();
        o.put("steps", g.steps());
        o.put("seed", g.seed());
        o.put("guidance_scale", g.guidanceScale());
        o.put("scheduler", g.scheduler());
        o.put("green_purity_definition", "share of background pixels (alpha < " + GreenPurity.BACKGROUND_ALPHA
                + ") within linear-RGB distance " + GreenPurity.MAX_DISTANCE + " of (0,1,0), pooled over the list");
        o.put("consistency_definition", "mean over samples of mean |a F + (1-a) G - I| over pixels and channels (sRGB/255)");
        o.put("valid_definition", "mean alpha in [" + ObjectValidity.MIN_COVERAGE + ", " + ObjectValidity.MAX_COVERAGE
                + "] and at most floor(" + ObjectValidity.BORDER_TOLERANCE + " * border ring) border pixels with alpha > "
                + ObjectValidity.BORDER_ALPHA);
        ObjectNode lists = o.putObject("lists");
        for (Map.Entry<String, GeneratedSampleQuality.ListScores> e : g.lists().entrySet()) {
            GeneratedSampleQuality.ListScores s = e.getValue();
            ObjectNode l = lists.putObject(e.getKey());
            l.put("samples", s.samples());
            number(l, "green_purity", s.purityShare());
            l.put("background_pixels", s.purity().background());
            number(l, "consistency", s.consistency());
            number(l, "valid_rate", s.validRate());
            l.put("bad_coverage", s.badCoverage());
            l.put("cut_by_border", s.cutByBorder());
            number(l, "mean_coverage", s.meanCoverage());
        }
        return o;
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) o.putNull(key);
        else o.put(key, v);
    }

    private static String f(String fmt, double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : String.format(Locale.ROOT, fmt, v);
    }

    /** Part (a) MSE per manifest source: where the head gains or loses against the key. */
    private static void sourceTable(StringBuilder s, HeadVsChromaKey.Result head) {
        s.append("MSE per source:\n\n| source | samples | head DIM | key DIM | ratio DIM | head whole | key whole | ratio whole |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, Map<Convention, ScoreMeans>>> src : head.bySource().entrySet()) {
            Map<String, Map<Convention, ScoreMeans>> m = src.getValue();
            s.append("| ").append(HeadVsChromaKey.Result.sourceLabel(src.getKey())).append(" | ").append(HeadVsChromaKey.Result.samples(m));
            for (Convention c : HeadVsChromaKey.CONVENTIONS) {
                s.append(" | ").append(f("%.6f", m.get(HeadVsChromaKey.HEAD).get(c).mean("mse")))
                        .append(" | ").append(f("%.6f", m.get(HeadVsChromaKey.KEY).get(c).mean("mse")))
                        .append(" | ").append(f("%.2f", HeadVsChromaKey.Result.mseRatio(m, c)));
            }
            s.append(" |\n");
        }
        s.append("\n");
    }

    /** Part (a) DIM MSE split by ground-truth alpha class (the parts add up to the DIM MSE). */
    private static void classTable(StringBuilder s, HeadVsChromaKey.Result head) {
        s.append("DIM MSE by ground-truth alpha of the unknown pixels (the three parts add up to the DIM MSE):\n\n")
                .append("| method | DIM MSE | from g = 0 | from 0 < g < 1 | from g = 1 |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, DimMseByAlphaClass> m : head.dimByClass().entrySet()) {
            s.append("| ").append(m.getKey()).append(" | ").append(f("%.6f", head.means().get(m.getKey()).get(Convention.DIM).mean("mse")));
            for (int k = 0; k < DimMseByAlphaClass.CLASSES.size(); k++) s.append(" | ").append(f("%.6f", m.getValue().mean(k)));
            s.append(" |\n");
        }
        s.append("\n");
    }

    public String toMarkdown() {
        StringBuilder s = new StringBuilder();
        s.append("# dm eval model\n\nModel: `").append(model).append("`  \nData: `").append(data).append("`\n\n");
        if (head != null) {
            s.append("## (a) Matting head vs chroma key, held-out test split (").append(head.samples()).append(" samples)\n\n");
            s.append("DIM: unknown region of a trimap from the ground truth (erode-dilate, disk radius ").append(head.trimapBand())
                    .append(" px). WHOLE: whole image. Means over samples.\n\n");
            s.append("| method | convention | SAD | MSE | MAD | Grad | Conn |\n|---|---|---|---|---|---|---|\n");
            for (Map.Entry<String, Map<Convention, ScoreMeans>> m : head.means().entrySet()) {
                for (Map.Entry<Convention, ScoreMeans> c : m.getValue().entrySet()) {
                    ScoreMeans sm = c.getValue();
                    s.append("| ").append(m.getKey()).append(" | ").append(c.getKey().id());
                    for (String metric : MattingScores.METRICS) s.append(" | ").append(f(metric.equals("mse") ? "%.6f" : "%.4f", sm.mean(metric)));
                    s.append(" |\n");
                }
            }
            s.append("\nHead MSE / chroma-key MSE (target <= ").append(MSE_RATIO_TARGET).append(" in both): ");
            for (Convention c : HeadVsChromaKey.CONVENTIONS) s.append(c.id()).append(" ").append(f("%.3f", head.mseRatio(c))).append(", ");
            s.append(ratioMet() ? "met" : "NOT met").append(".  \nHead MSE / chroma-key MSE on the same VAE reconstruction: ");
            for (Convention c : HeadVsChromaKey.CONVENTIONS) s.append(c.id()).append(" ").append(f("%.3f", head.mseRatioOnReconstruction(c))).append(", ");
            s.setLength(s.length() - 2);
            s.append(".\n\n");
            sourceTable(s, head);
            classTable(s, head);
        }
        if (generated != null) {
            s.append("## (b) Generated samples (").append(generated.steps()).append(" steps of ").append(generated.scheduler())
                    .append(", guidance ").append(f("%.1f", generated.guidanceScale())).append(", seeds ").append(generated.seed()).append(" + i)\n\n");
            generatedTable(s, generated);
        }
        if (!unseenInCaptions.isEmpty()) {
            s.append("\nWarning: unseen prompts sharing a word with a training caption: ").append(String.join("; ", unseenInCaptions)).append("\n");
        }
        if (contactSheet != null) s.append("\nContact sheet: `").append(contactSheet).append("`\n");
        if (!ablation.isEmpty()) {
            s.append("\n## (c) Ablation (overall over both prompt lists)\n\n");
            s.append("| variant | lambda_green | lambda_tb | steps | final loss | green purity | consistency | valid |\n|---|---|---|---|---|---|---|---|\n");
            for (AblationStudy.Row r : ablation) {
                GeneratedSampleQuality.ListScores o = r.quality().lists().get(GeneratedSampleQuality.OVERALL);
                s.append("| ").append(r.name()).append(" | ").append(f("%.2f", r.lambdaGreen())).append(" | ").append(f("%.2f", r.lambdaTb()))
                        .append(" | ").append(r.maxSteps()).append(" | ").append(f("%.4f", r.finalLoss())).append(" | ")
                        .append(f("%.2f%%", 100 * o.purityShare())).append(" | ").append(f("%.4f", o.consistency())).append(" | ")
                        .append(f("%.1f%%", 100 * o.validRate())).append(" |\n");
            }
        }
        return s.toString();
    }

    private static void generatedTable(StringBuilder s, GeneratedSampleQuality.Result g) {
        s.append("| prompts | samples | green purity | consistency | valid | bad coverage | cut by border | mean coverage |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, GeneratedSampleQuality.ListScores> e : g.lists().entrySet()) {
            GeneratedSampleQuality.ListScores o = e.getValue();
            s.append("| ").append(e.getKey()).append(" | ").append(o.samples()).append(" | ").append(f("%.2f%%", 100 * o.purityShare()))
                    .append(" | ").append(f("%.4f", o.consistency())).append(" | ").append(f("%.1f%%", 100 * o.validRate()))
                    .append(" | ").append(o.badCoverage()).append(" | ").append(o.cutByBorder()).append(" | ")
                    .append(f("%.3f", o.meanCoverage())).append(" |\n");
        }
    }

    /** Writes eval-model.json and eval-model.md into {@code dir}, each atomically. */
    public void write(Path dir) {
        try {
            AtomicFiles.writeString(dir.resolve("eval-model.json"), JSON.writeValueAsString(toJson()) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the report: " + e.getMessage(), e);
        }
        AtomicFiles.writeString(dir.resolve("eval-model.md"), toMarkdown());
    }
}
