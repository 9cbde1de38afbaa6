package org.diffumatting.data.composite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.diffumatting.common.DmException;
import org.diffumatting.data.build.FixtureCache;
import org.diffumatting.data.build.GreenSetBuilder;
import org.diffumatting.data.build.GreenSetRequest;
import org.diffumatting.data.build.SplitAssigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Composite set from a tiny green set: one folder per split, same splits as the green set, trimaps present. */
class CompositeSetBuilderTest {
    @TempDir
    Path tmp;

    @Test
    void compositesKeepTheGreenSetSplits() throws Exception {
        Path cache = tmp.resolve("cache");
        FixtureCache.create(cache);
        Path green = tmp.resolve("green");
        SplitAssigner splits = new SplitAssigner(0.3, 0.3); // big held-out fractions so the tiny set has all three splits
        new GreenSetBuilder(new GreenSetRequest(cache, green, 32, 3, 1, 1, 1, false, List.of("twemoji", "openclipart"), 0, 2, splits, 0, false),
                null).build();
        Map<String, String> greenSplit = new HashMap<>();
        ObjectMapper om = new ObjectMapper();
        for (String l : Files.readAllLines(green.resolve("manifest.jsonl"))) {
            JsonNode n = om.readTree(l);
            greenSplit.put(n.path("id").asText(), n.path("split").asText());
        }
        Path out = tmp.resolve("comp");
        CompositeSetBuilder.Result r = CompositeSetBuilder.build(new CompositeSetBuilder.Request(green, out, cache, 2, 9, 0, 64, splits), null);
        int total = 0;
        for (Map.Entry<String, Integer> e : r.perSplit().entrySet()) {
            JsonNode m = om.readTree(out.resolve(e.getKey()).resolve("manifest.json").toFile());
            for (JsonNode s : m.path("samples")) {
                String name = s.path("name").asText();
                String stem = name.substring(0, name.lastIndexOf('_'));
                assertEquals(e.getKey(), greenSplit.get(stem), "foreground " + stem + " stays in its split");
                for (String folder : List.of("image", "alpha", "fg", "bg", "trimap"))
                    assertTrue(Files.isRegularFile(out.resolve(e.getKey()).resolve(folder).resolve(name)), folder + "/" + name);
            }
            total += e.getValue();
        }
        assertEquals(2 * greenSplit.size(), total);
        assertEquals(12, r.backgrounds());
        assertTrue(Files.readString(out.resolve("ATTRIBUTION.md")).contains("Background photographs"));

        // a rebuild replaces each split folder: a stray file from an earlier build does not survive
        String anySplit = r.perSplit().keySet().iterator().next();
        Path stray = out.resolve(anySplit).resolve("image").resolve("stale_000.png");
        Files.writeString(stray, "old");
        CompositeSetBuilder.build(new CompositeSetBuilder.Request(green, out, cache, 2, 9, 0, 64, splits), null);
        assertTrue(!Files.exists(stray));
    }

    @Test
    void missingGreenSetIsAClearError() {
        DmException e = assertThrows(DmException.class, () -> CompositeSetBuilder.build(
                new CompositeSetBuilder.Request(tmp.resolve("nope"), tmp.resolve("o"), tmp, 1, 1, 0, 64, SplitAssigner.DEFAULT), null));
        assertTrue(e.getMessage().contains("build-greenset"), e.getMessage());
    }
}
