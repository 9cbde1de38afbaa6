package org.diffumatting.matting.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.metrics.bench.NpyFiles;
import org.diffumatting.matting.metrics.bench.PythonReference;
import org.diffumatting.matting.metrics.bench.SyntheticMattes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {

    @TempDir
    Path dir;

    @Test
    void meansSkipUndefinedValuesAndJsonWritesNull() throws Exception {
        EvaluationReport r = new EvaluationReport(Convention.DIM, List.of(
                new EvaluationReport.Row("a", new MattingScores(Convention.DIM, 1, 0.5, 0.25, 2, 3)),
                new EvaluationReport.Row("b", new MattingScores(Convention.DIM, 3, Double.NaN, Double.NaN, 4, 5))));
        MattingScores m = r.mean();
        assertEquals(2, m.sad(), 0);
        assertEquals(0.5, m.mse(), 0, "mean over the images that define MSE");
        assertEquals(0.25, m.mad(), 0);
        assertEquals(3, m.grad(), 0);
        assertEquals(4, m.conn(), 0);
        String table = r.table();
        assertTrue(table.startsWith("convention: dim ("), table);
        assertTrue(table.contains("n/a"), table);
        assertTrue(table.contains("undefined (no unknown pixel in the trimap) for b"), table);

        Path json = dir.resolve("r.json");
        r.writeJson(json);
        JsonNode doc = new ObjectMapper().readTree(Files.readString(json, StandardCharsets.UTF_8));
        assertEquals("dim", doc.get("convention").asText());
        assertTrue(doc.get("images").get(1).get("mse").isNull());
        assertEquals(0.5, doc.get("mean").get("mse").asDouble(), 0);
    }

    @Test
    void numbersAreFormattedWithSixSignificantDigits() {
        assertEquals("0", EvaluationReport.format(0));
        assertEquals("n/a", EvaluationReport.format(Double.NaN));
        assertEquals("12.3457", EvaluationReport.format(12.345678));
        assertEquals("0.00123457", EvaluationReport.format(0.0012345678));
        assertEquals("1.23457e-07", EvaluationReport.format(1.2345678e-7));
    }

    @Test
    void directoryMatchingRejectsAmbiguousStemsAndMissingDirectories() throws Exception {
        Files.createFile(dir.resolve("x.png"));
        Files.createFile(dir.resolve("x.JPG"));
        DmException e = assertThrows(DmException.class, () -> MattingEvaluation.imagesByStem(dir, "prediction"));
        assertTrue(e.getMessage().contains("ambiguous prediction stem 'x'"), e.getMessage());
        DmException missing = assertThrows(DmException.class,
                () -> MattingEvaluation.imagesByStem(dir.resolve("nope"), "trimap"));
        assertTrue(missing.getMessage().contains("trimap directory not found"), missing.getMessage());
        assertEquals(Convention.WHOLE_TRIMAP, MattingEvaluation.resolveConvention("whole", true));
        assertEquals(Convention.WHOLE, MattingEvaluation.resolveConvention("WHOLE", false));
        assertThrows(DmException.class, () -> MattingEvaluation.resolveConvention("dim", false));
    }

    @Test
    void benchInputsAreDeterministicQuantisedAndExportedAsNpy() throws Exception {
        SyntheticMattes.Triple a = SyntheticMattes.generate(64, 48, 5), b = SyntheticMattes.generate(64, 48, 5);
        assertEquals(a.gt(), b.gt());
        assertEquals(a.pred(), b.pred());
        int soft = 0;
        for (double v : a.gt().data()) {
            assertEquals(Math.round(v * 255) / 255.0, v, 0.0, "k/255 values");
            if (v > 0 && v < 1) soft++;
        }
        assertTrue(soft > 50, "soft edges and strands present: " + soft);
        for (double v : a.trimap().data()) assertTrue(v == 0 || v == 1 || v == 128 / 255.0);

        Path npy = dir.resolve("a.npy");
        NpyFiles.writeUint8(npy, new AlphaMap(3, 2, new double[] {0, 1, 0.5, 128 / 255.0, 1 / 255.0, 0}));
        byte[] bytes = Files.readAllBytes(npy);
        int headerLen = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLen) % 64, "header padded to 64 bytes");
        String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'shape': (2, 3)") && header.endsWith("\n"), header);
        assertEquals(10 + headerLen + 6, bytes.length);
        assertEquals(128, bytes[10 + headerLen + 2] & 0xFF, "0.5 rounds to 128");
        assertEquals(255, bytes[10 + headerLen + 1] & 0xFF);

        assertThrows(DmException.class, () -> PythonReference.locate(dir.resolve("missing.py")));
    }
}
