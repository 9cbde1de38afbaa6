package org.diffumatting.cli;

import static org.diffumatting.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.metrics.Convention;
import org.diffumatting.matting.metrics.MattingMetrics;
import org.diffumatting.matting.metrics.MattingScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code dm evaluate} on temporary PNG files (table, JSON, errors). */
class EvaluateCommandTest {

    @TempDir
    Path dir;

    /** A deterministic soft disc of the given radius, quantised to k/255. */
    static AlphaMap disc(int w, int h, double cx, double cy, double radius) {
        AlphaMap a = AlphaMap.zeros(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r = Math.hypot(x - cx, y - cy);
                double v = Math.max(0, Math.min(1, (radius - r) / 3.0 + 0.5));
                a.set(x, y, Math.round(v * 255) / 255.0);
            }
        }
        return a;
    }

    static AlphaMap trimapOf(AlphaMap gt) {
        AlphaMap t = AlphaMap.zeros(gt.width(), gt.height());
        for (int i = 0; i < t.size(); i++) {
            double v = gt.data()[i];
            t.data()[i] = v == 0 ? 0 : (v == 1 ? 1 : 128 / 255.0);
        }
        return t;
    }

    Path[] dirs() throws Exception {
        Path pred = Files.createDirectories(dir.resolve("pred"));
        Path gt = Files.createDirectories(dir.resolve("gt"));
        Path tri = Files.createDirectories(dir.resolve("trimap"));
        AlphaMap g1 = disc(40, 30, 20, 15, 9), p1 = disc(40, 30, 21, 15, 8);
        AlphaMap g2 = disc(24, 24, 10, 12, 6), p2 = disc(24, 24, 10, 11, 7);
        ImageFiles.writeAlpha(gt.resolve("a.png"), g1);
        ImageFiles.writeAlpha(pred.resolve("a.png"), p1);
        ImageFiles.writeAlpha(tri.resolve("a.png"), trimapOf(g1));
        ImageFiles.writeAlpha(gt.resolve("b.png"), g2);
        ImageFiles.writeAlpha(pred.resolve("b.png"), p2);
        ImageFiles.writeAlpha(tri.resolve("b.png"), trimapOf(g2));
        return new Path[] {pred, gt, tri};
    }

    @Test
    void tableAndJsonUnderBothConventions() throws Exception {
        Path[] d = dirs();
        Path json = dir.resolve("out/report.json");
        CliRun r = run("evaluate", "--pred", d[0].toString(), "--gt", d[1].toString(), "--trimap", d[2].toString(),
                "--convention", "dim", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("convention: dim ("), lines[0]);
        assertTrue(lines[1].matches("image\\s+SAD\\s+MSE\\s+MAD\\s+Grad\\s+Conn"), lines[1]);
        assertTrue(lines[2].startsWith("a "), lines[2]);
        assertTrue(lines[3].startsWith("b "), lines[3]);
        assertTrue(lines[5].startsWith("mean "), lines[5]);
        assertEquals(lines[1].length(), lines[2].length(), "columns are aligned");

        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals("dim", doc.get("convention").asText());
        assertEquals(2, doc.get("images").size());
        JsonNode a = doc.get("images").get(0);
        assertEquals("a", a.get("name").asText());
        MattingScores expectA = MattingMetrics.evaluate(ImageFiles.readAlpha(d[0].resolve("a.png")),
                ImageFiles.readAlpha(d[1].resolve("a.png")), ImageFiles.readAlpha(d[2].resolve("a.png")), Convention.DIM);
        MattingScores expectB = MattingMetrics.evaluate(ImageFiles.readAlpha(d[0].resolve("b.png")),
                ImageFiles.readAlpha(d[1].resolve("b.png")), ImageFiles.readAlpha(d[2].resolve("b.png")), Convention.DIM);
        for (String m : MattingScores.METRICS) {
            assertEquals(expectA.get(m), a.get(m).asDouble(), 0.0, m);
            assertEquals((expectA.get(m) + expectB.get(m)) / 2, doc.get("mean").get(m).asDouble(), 1e-15, "mean " + m);
        }
        assertTrue(expectA.sad() > 0 && expectA.grad() > 0 && expectA.conn() > 0);
        assertEquals(3, doc.size(), "exactly convention, images, mean");
        assertEquals(6, a.size(), "name + five metrics");

        CliRun whole = run("evaluate", "--pred", d[0].toString(), "--gt", d[1].toString(), "--convention", "whole");
        assertEquals(0, whole.code(), whole.err());
        assertTrue(whole.out().startsWith("convention: whole ("), whole.out());
        CliRun variant = run("evaluate", "--pred", d[0].toString(), "--gt", d[1].toString(), "--trimap",
                d[2].toString(), "--convention", "whole");
        assertEquals(0, variant.code(), variant.err());
        assertTrue(variant.out().startsWith("convention: whole_trimap ("), variant.out());
        assertTrue(variant.out().contains("trimap variant"), variant.out());
    }

    @Test
    void errorsNameTheFileAndWriteNothing() throws Exception {
        Path[] d = dirs();
        Path json = dir.resolve("report.json");

        CliRun noTrimap = run("evaluate", "--pred", d[0].toString(), "--gt", d[1].toString(), "--convention", "dim",
                "--json", json.toString());
        assertEquals(2, noTrimap.code());
        assertTrue(noTrimap.err().contains("dm evaluate: error:") && noTrimap.err().contains("--trimap"), noTrimap.err());

        Files.delete(d[0].resolve("b.png"));
        CliRun missing = run("evaluate", "--pred", d[0].toString(), "--gt", d[1].toString(), "--convention", "whole",
                "--json", json.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("missing prediction b.{png,jpg}"), missing.err());
        assertEquals(1, missing.err().strip().split("\n").length, "one-line error");

        ImageFiles.writeAlpha(d[0].resolve("b.png"), AlphaMap.zeros(23, 24));
        CliRun size = run("evaluate", "--pred", d[0].toString(), "--gt", d[1].toString(), "--convention", "whole",
                "--json", json.toString());
        assertEquals(2, size.code());
        assertTrue(size.err().contains("size mismatch") && size.err().contains("b.png is 23x24"), size.err());

        ImageFiles.writeAlpha(d[0].resolve("b.png"), AlphaMap.zeros(24, 24));
        ImageFiles.writeAlpha(d[0].resolve("c.png"), AlphaMap.zeros(24, 24));
        CliRun extra = run("evaluate", "--pred", d[0].toString(), "--gt", d[1].toString(), "--convention", "whole",
                "--json", json.toString());
        assertEquals(2, extra.code());
        assertTrue(extra.err().contains("c.png has no ground truth"), extra.err());

        Files.delete(d[0].resolve("c.png"));
        Files.delete(d[2].resolve("a.png"));
        CliRun noTri = run("evaluate", "--pred", d[0].toString(), "--gt", d[1].toString(), "--trimap",
                d[2].toString(), "--convention", "dim", "--json", json.toString());
        assertEquals(2, noTri.code());
        assertTrue(noTri.err().contains("missing trimap a.{png,jpg}"), noTri.err());

        CliRun badConv = run("evaluate", "--pred", d[0].toString(), "--gt", d[1].toString(), "--convention", "p3m");
        assertEquals(2, badConv.code());
        assertTrue(badConv.err().contains("unknown --convention 'p3m'"), badConv.err());

        assertFalse(Files.exists(json), "no JSON on any error");
    }
}
