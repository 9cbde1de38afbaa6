package org.diffumatting.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.tensor.Devices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parts (a) and (b) end to end on a tiny random model and a tiny synthetic green set; bad-input errors. */
class ModelEvaluationTest {
    @TempDir
    static Path tmp;
    static Path model;
    static Path data;
    static ModelEvalReport report;
    static Path out;

    @BeforeAll
    static void evaluate() throws Exception {
        Devices.setThreads(1);
        model = TinyFixtures.model(tmp.resolve("model"));
        data = TinyFixtures.greenSet(tmp.resolve("greenset"), 6, 3);
        out = tmp.resolve("eval");
        ModelEvalRequest req = ModelEvalRequest.of(model, data).withOut(out).withLimit(3).withSteps(2);
        report = ModelEvaluation.run(req, new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void headVsChromaKeyTableHasEveryMethodConventionAndMetric() throws Exception {
        assertEquals(3, report.head().samples());
        JsonNode j = new ObjectMapper().readTree(Files.readString(out.resolve("eval-model.json")));
        JsonNode methods = j.path("head_vs_chroma_key").path("methods");
        for (String m : HeadVsChromaKey.METHODS) {
            for (String c : List.of("dim", "whole")) {
                for (String metric : List.of("sad", "mse", "mad", "grad", "conn")) {
                    JsonNode v = methods.path(m).path(c).path(metric);
                    assertTrue(v.isNumber() && v.asDouble() >= 0, m + "/" + c + "/" + metric + " = " + v);
                }
            }
        }
        // the chroma key on the real synthetic composites is close to exact; a random-weight head is not
        assertTrue(methods.path("chroma_key").path("whole").path("mse").asDouble() < 0.01);
        assertTrue(methods.path("matting_head").path("whole").path("mse").asDouble() > methods.path("chroma_key").path("whole").path("mse").asDouble());
        JsonNode ratio = j.path("head_vs_chroma_key").path("mse_ratio_head_over_chroma_key");
        assertEquals(report.head().mseRatio(org.diffumatting.matting.metrics.Convention.WHOLE), ratio.path("whole").asDouble(), 1e-12);
        assertFalse(j.path("head_vs_chroma_key").path("mse_ratio_met").asBoolean());
        assertEquals(5, j.path("head_vs_chroma_key").path("trimap_band").asInt());
        // per source: test ids 6, 7, 8 -> two even, one odd; the sample-weighted source means give the overall mean
        JsonNode bySource = j.path("head_vs_chroma_key").path("mse_by_source");
        assertEquals(2, bySource.path("discs-even").path("samples").asInt());
        assertEquals(1, bySource.path("discs-odd").path("samples").asInt());
        for (String m : List.of("matting_head", "chroma_key")) {
            double weighted = (2 * bySource.path("discs-even").path(m).path("whole").asDouble()
                    + bySource.path("discs-odd").path(m).path("whole").asDouble()) / 3;
            assertEquals(methods.path(m).path("whole").path("mse").asDouble(), weighted, 1e-9, m);
        }
        assertTrue(Files.readString(out.resolve("eval-model.md")).contains("| discs-odd | 1 |"));
        // the alpha-class parts add up to each method's DIM MSE
        JsonNode byClass = j.path("head_vs_chroma_key").path("dim_mse_by_alpha_class");
        for (String m : HeadVsChromaKey.METHODS) {
            double sum = 0;
            for (String c : DimMseByAlphaClass.CLASSES) sum += byClass.path(m).path(c).asDouble();
            assertEquals(methods.path(m).path("dim").path("mse").asDouble(), sum, 1e-9, m);
        }
    }

    @Test
    void generatedSampleScoresPerListAndOverall() throws Exception {
        JsonNode lists = new ObjectMapper().readTree(Files.readString(out.resolve("eval-model.json"))).path("generated").path("lists");
        assertEquals(3, lists.path("unseen").path("samples").asInt());
        assertEquals(3, lists.path("seen").path("samples").asInt());
        assertEquals(6, lists.path("overall").path("samples").asInt());
        for (String l : List.of("unseen", "seen", "overall")) {
            double valid = lists.path(l).path("valid_rate").asDouble();
            assertTrue(valid >= 0 && valid <= 1);
            assertTrue(lists.path(l).path("consistency").asDouble() >= 0);
        }
        GeneratedSampleQuality.ListScores u = report.generated().lists().get("unseen");
        GeneratedSampleQuality.ListScores s = report.generated().lists().get("seen");
        GeneratedSampleQuality.ListScores o = report.generated().lists().get("overall");
        assertEquals(u.purity().background() + s.purity().background(), o.purity().background());
        assertEquals(u.valid() + s.valid(), o.valid());
        assertEquals((u.consistencySum() + s.consistencySum()) / 6, o.consistency(), 1e-12);
        // contact sheet: 2 lists x (green row + alpha row) of 3 cells of 16 px with 2 px gutters
        int[] size = ImageFiles.readSize(out.resolve(ModelEvaluation.CONTACT_SHEET));
        assertEquals(3 * 16 + 4 * 2, size[0]);
        assertEquals(4 * 16 + 5 * 2, size[1]);
        String md = Files.readString(out.resolve("eval-model.md"));
        assertTrue(md.contains("| matting_head | dim |") && md.contains("| chroma_key_on_reconstruction | whole |") && md.contains("| overall | 6 |"), md);
    }

    @Test
    void generationIsRepeatableAtFixedSeeds() {
        ModelEvalReport again = ModelEvaluation.run(ModelEvalRequest.of(model, data).withOut(tmp.resolve("eval2")).withLimit(3).withSteps(2),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(report.generated().lists().get("overall"), again.generated().lists().get("overall"));
    }

    @Test
    void missingDataFolderIsNamed() {
        Path missing = tmp.resolve("nope");
        DmException e = assertThrows(DmException.class, () -> ModelEvaluation.run(ModelEvalRequest.of(model, missing).withOut(tmp.resolve("x")), System.err));
        assertTrue(e.getMessage().contains(missing.toString()) && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void missingModelFilesAreNamed() throws Exception {
        Path broken = TinyFixtures.model(tmp.resolve("broken"));
        Files.delete(broken.resolve("matting_head").resolve("diffusion_pytorch_model.safetensors"));
        DmException e = assertThrows(DmException.class, () -> ModelEvaluation.run(ModelEvalRequest.of(broken, data).withOut(tmp.resolve("y")), System.err));
        assertTrue(e.getMessage().contains("matting_head") && e.getMessage().contains("diffusion_pytorch_model.safetensors"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("y")), "nothing written");
    }

    @Test
    void dataWithoutTestSplitIsNamed() throws Exception {
        Path noTest = TinyFixtures.greenSet(tmp.resolve("no-test"), 4, 0);
        DmException e = assertThrows(DmException.class, () -> ModelEvaluation.run(ModelEvalRequest.of(model, noTest).withOut(tmp.resolve("z")), System.err));
        assertTrue(e.getMessage().contains("manifest.jsonl") && e.getMessage().contains("'test'"), e.getMessage());
    }

    @Test
    void badAblationConfigFailsBeforeAnythingRuns() {
        Path cfg = tmp.resolve("missing-ablation.json");
        DmException e = assertThrows(DmException.class,
                () -> ModelEvaluation.run(ModelEvalRequest.of(model, data).withOut(tmp.resolve("w")).withAblation(List.of(cfg)), System.err));
        assertTrue(e.getMessage().contains(cfg.toString()), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("w")));
    }

    @Test
    void partAScoresAHeadFolderWithoutUnetAndMatchesTheFullRun() throws Exception {
        Path headOnly = TinyFixtures.model(tmp.resolve("head-only"));
        for (String c : List.of("unet", "text_encoder", "scheduler")) org.diffumatting.common.AtomicFiles.deleteTree(headOnly.resolve(c));
        Path o = tmp.resolve("eval-a");
        // part a reads no training caption: the same set without its train split
        Path testOnly = TinyFixtures.greenSet(tmp.resolve("greenset-test-only"), 6, 3);
        Files.write(testOnly.resolve("manifest.jsonl"), Files.readAllLines(testOnly.resolve("manifest.jsonl")).stream()
                .filter(l -> l.contains("\"split\":\"test\"")).toList());
        ModelEvalReport r = ModelEvaluation.run(ModelEvalRequest.of(headOnly, testOnly).withOut(o).withLimit(3)
                .withParts(java.util.EnumSet.of(ModelEvalRequest.Part.HEAD)), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(null, r.generated());
        for (var c : HeadVsChromaKey.CONVENTIONS) {
            assertEquals(report.head().mseRatio(c), r.head().mseRatio(c), 1e-12, "same head, same samples: " + c);
            assertEquals(report.head().mseRatio(c) * report.head().means().get(HeadVsChromaKey.KEY).get(c).mean("mse")
                    / report.head().means().get(HeadVsChromaKey.KEY_ON_RECONSTRUCTION).get(c).mean("mse"), r.head().mseRatioOnReconstruction(c), 1e-9);
        }
        JsonNode j = new ObjectMapper().readTree(Files.readString(o.resolve("eval-model.json")));
        assertTrue(j.has("head_vs_chroma_key") && !j.has("generated") && !j.has("unseen_prompts_with_a_training_caption_word"), j.toString());
        String md = Files.readString(o.resolve("eval-model.md"));
        assertTrue(md.contains("## (a)") && !md.contains("## (b)") && md.contains("same VAE reconstruction"), md);
        assertFalse(Files.exists(o.resolve(ModelEvaluation.CONTACT_SHEET)));
    }

    @Test
    void partsAndAblationMustAgree() {
        var onlyC = ModelEvalRequest.of(model, data).withOut(tmp.resolve("v")).withParts(java.util.EnumSet.of(ModelEvalRequest.Part.ABLATION));
        DmException e = assertThrows(DmException.class, () -> ModelEvaluation.run(onlyC, System.err));
        assertTrue(e.getMessage().contains("--parts c needs --ablation"), e.getMessage());
        var ablationWithoutC = ModelEvalRequest.of(model, data).withAblation(List.of(tmp.resolve("x.json")))
                .withParts(java.util.EnumSet.of(ModelEvalRequest.Part.HEAD));
        e = assertThrows(DmException.class, () -> ModelEvaluation.run(ablationWithoutC, System.err));
        assertTrue(e.getMessage().contains("leaves out part c"), e.getMessage());
        e = assertThrows(DmException.class, () -> ModelEvalRequest.Part.parse("d"));
        assertTrue(e.getMessage().contains("--parts") && e.getMessage().contains("'d'"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("v")));
    }
}
