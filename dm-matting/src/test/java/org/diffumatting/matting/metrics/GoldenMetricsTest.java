package org.diffumatting.matting.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.diffumatting.matting.AlphaMap;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Agreement with the independent numpy/scipy reference (tools/reference/matting_metrics.py golden): every metric,
 * every convention, every case under src/test/resources/golden, to 1e-6 relative or 1e-9 absolute.
 * Regenerate with {@code python3 tools/reference/matting_metrics.py golden --out dm-matting/src/test/resources/golden}.
 */
class GoldenMetricsTest {

    static final double REL = 1e-6;
    static final double ABS = 1e-9;

    /** An 8-bit grey PNG as k/255 (read by ImageIO, independent of the project's own image I/O). */
    static AlphaMap readGray8(String resource) throws IOException {
        try (InputStream in = GoldenMetricsTest.class.getResourceAsStream("/golden/" + resource)) {
            if (in == null) throw new IOException("missing test resource " + resource);
            BufferedImage img = ImageIO.read(in);
            Raster r = img.getRaster();
            assertEquals(1, r.getNumBands(), resource + " must be grey");
            assertEquals(8, img.getColorModel().getComponentSize(0), resource + " must be 8-bit");
            AlphaMap a = AlphaMap.zeros(img.getWidth(), img.getHeight());
            for (int y = 0; y < img.getHeight(); y++)
                for (int x = 0; x < img.getWidth(); x++) a.set(x, y, r.getSample(x, y, 0) / 255.0);
            return a;
        }
    }

    static JsonNode golden() throws IOException {
        try (InputStream in = GoldenMetricsTest.class.getResourceAsStream("/golden/golden.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static void assertClose(JsonNode expected, double actual, String what) {
        if (expected.isNull()) {
            assertTrue(Double.isNaN(actual), what + ": expected undefined (NaN), got " + actual);
            return;
        }
        double e = expected.asDouble();
        double tol = Math.max(ABS, REL * Math.abs(e));
        assertEquals(e, actual, tol, what);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseAndConvention() throws IOException {
        JsonNode doc = golden();
        List<DynamicTest> tests = new ArrayList<>();
        assertTrue(doc.get("cases").size() >= 10);
        for (JsonNode c : doc.get("cases")) {
            String name = c.get("name").asText();
            for (Convention conv : Convention.values()) {
                tests.add(DynamicTest.dynamicTest(name + " / " + conv.id(), () -> {
                    AlphaMap p = readGray8(c.get("files").get("pred").asText());
                    AlphaMap g = readGray8(c.get("files").get("gt").asText());
                    AlphaMap t = readGray8(c.get("files").get("trimap").asText());
                    assertEquals(c.get("width").asInt(), g.width());
                    assertEquals(c.get("height").asInt(), g.height());
                    MattingScores s = MattingMetrics.evaluate(p, g, t, conv);
                    assertEquals(conv, s.convention());
                    JsonNode e = c.get(conv.id());
                    for (String m : MattingScores.METRICS) assertClose(e.get(m), s.get(m), name + " " + conv.id() + " " + m);
                }));
            }
        }
        return tests.stream();
    }

    @org.junit.jupiter.api.Test
    void thresholdsMatchNumpyArange() throws IOException {
        JsonNode t = golden().get("thresholds");
        assertEquals(ThresholdSteps.COUNT, t.size());
        for (int i = 0; i < t.size(); i++) assertEquals(t.get(i).asDouble(), ThresholdSteps.t(i), 0.0, "t_" + i);
    }
}
