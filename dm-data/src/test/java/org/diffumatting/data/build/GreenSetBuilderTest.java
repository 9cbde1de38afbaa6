package org.diffumatting.data.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.diffumatting.common.DmException;
import org.diffumatting.data.image.PngFiles;
import org.diffumatting.data.stats.DatasetStats;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end builds on a generated fixture cache at 32 px: determinism, resume, splits, compositing, errors. */
class GreenSetBuilderTest {
    @TempDir
    static Path tmp;
    static Path cacheRoot;
    static Path reference;
    static GreenSetBuilder.Result refResult;

    static GreenSetRequest request(Path out, int threads, int stopAfter, boolean alpha16) {
        return new GreenSetRequest(cacheRoot, out, 32, 5L, 2, 1, 2, alpha16, List.of("twemoji", "noto", "openclipart"), 0, threads,
                SplitAssigner.DEFAULT, stopAfter, false);
    }

    @BeforeAll
    static void buildReference() throws IOException {
        cacheRoot = tmp.resolve("cache");
        FixtureCache.create(cacheRoot);
        reference = tmp.resolve("ref");
        refResult = new GreenSetBuilder(request(reference, 2, 0, false), null).build();
    }

    @Test
    void buildsAllSamplesAndReportsSkips() throws IOException {
        // 3 named twemoji + 2 noto + 3 usable clip-art objects, 2 copies each; 6 generators x 2
        assertTrue(refResult.complete());
        assertEquals(8 * 2 + 12, refResult.samples());
        assertEquals(12, refResult.procedural());
        String report = Files.readString(reference.resolve("build-report.txt"));
        assertTrue(report.contains("twemoji/1f9ff.svg: no name in emoji.json"), report);
        assertTrue(report.contains("photo_of_pliers_jane_roe_02.png: no transparent background"), report);
        assertTrue(Files.readString(reference.resolve("ATTRIBUTION.md")).contains("CC-BY-4.0"));
        List<JsonNode> lines = manifest(reference);
        assertEquals(refResult.samples(), lines.size());
        for (JsonNode n : lines) {
            for (String f : List.of("id", "source", "object", "procedural", "licence", "caption", "split", "augmentation", "sha256"))
                assertTrue(n.has(f), "manifest field " + f + " in " + n);
            for (String kind : List.of("image", "alpha", "fg"))
                assertEquals(n.path("sha256").path(kind).asText(), org.diffumatting.data.fetch.SourceFetcher.sha256(
                        reference.resolve(kind).resolve(n.path("id").asText() + ".png")));
        }
        JsonNode cat = lines.stream().filter(n -> n.path("object").asText().contains("brown_cat")).findFirst().orElseThrow();
        assertFalse(cat.path("caption").asText().contains("john"), "author removed: " + cat.path("caption"));
        assertTrue(cat.path("caption").asText().contains("brown cat"), cat.path("caption").asText());
    }

    @Test
    void sameSeedGivesIdenticalBytesWhateverTheThreads() throws IOException {
        Path other = tmp.resolve("one-thread");
        new GreenSetBuilder(request(other, 1, 0, false), null).build();
        assertSameTree(reference, other);
    }

    @Test
    void resumeAfterKillGivesIdenticalResult() throws IOException {
        Path out = tmp.resolve("resumed");
        GreenSetBuilder.Result partial = new GreenSetBuilder(request(out, 2, 7, false), null).build();
        assertFalse(partial.complete());
        assertFalse(Files.exists(out.resolve("manifest.jsonl")), "no manifest before the build completes");
        // corrupt one written sample: resume must rebuild it rather than trust it
        try (Stream<Path> s = Files.list(out.resolve("image"))) {
            Path first = s.sorted().findFirst().orElseThrow();
            Files.write(first, new byte[] {1, 2, 3});
        }
        GreenSetBuilder.Result done = new GreenSetBuilder(request(out, 2, 0, false), null).build();
        assertTrue(done.complete());
        assertTrue(done.reused() >= 6, "kept verified samples: " + done.reused());
        assertSameTree(reference, out);
    }

    @Test
    void splitsNeverShareAnObject() {
        Map<String, String> byObject = new HashMap<>(), byGroup = new HashMap<>();
        for (JsonNode n : manifest(reference)) {
            String split = n.path("split").asText();
            String o = byObject.putIfAbsent(n.path("object").asText(), split);
            assertTrue(o == null || o.equals(split), "object in two splits: " + n.path("object"));
            String g = byGroup.putIfAbsent(n.path("group").asText(), split);
            assertTrue(g == null || g.equals(split), "group in two splits: " + n.path("group"));
        }
        // the same emoji drawn by two sets shares one group
        assertEquals(byGroup.get("emoji-1f600"), byObject.get("twemoji-1f600"));
        assertEquals(byGroup.get("emoji-1f600"), byObject.get("noto-1f600"));
        assertEquals(0, DatasetStats.compute(reference).objectsInSeveralSplits());
    }

    @Test
    void statsTablesAndContactSheet() {
        DatasetStats.Stats s = DatasetStats.compute(reference);
        assertEquals(refResult.samples(), s.samples());
        assertEquals(12, s.procedural());
        int images = s.sourceObjectsPerSplit().values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(8, images, "3 twemoji + 2 noto + 3 clip-art source images");
        String text = DatasetStats.format(s);
        assertTrue(text.contains("source images") && text.contains("caption vocabulary") && text.contains("procedural-hair"), text);
        Path sheet = tmp.resolve("sheet.png"); // outside the reference tree, which other tests compare byte for byte
        assertEquals(9, org.diffumatting.data.stats.ContactSheet.write(reference, s.ids(), 3, 3, 20, sheet));
        BufferedImage img = PngFiles.read(sheet);
        assertEquals(60, img.getWidth());
        assertEquals(60, img.getHeight());
    }

    @Test
    void splitAssignerIsStableAndRoughlyProportional() {
        SplitAssigner s = new SplitAssigner(0.1, 0.2);
        Map<String, Integer> c = new TreeMap<>();
        for (int i = 0; i < 20000; i++) c.merge(s.split("g" + i), 1, Integer::sum);
        assertEquals(2000, c.get("val"), 200);
        assertEquals(4000, c.get("test"), 250);
        assertEquals(s.split("emoji-1f600"), new SplitAssigner(0.1, 0.2).split("emoji-1f600"));
    }

    @Test
    void writtenFgAndAlphaOnGreenReproduceTheImage() {
        checkComposite(reference);
    }

    @Test
    void sixteenBitAlphaAlsoReproducesTheImage() {
        Path out = tmp.resolve("a16");
        new GreenSetBuilder(request(out, 2, 0, true), null).build();
        checkComposite(out);
    }

    @Test
    void missingCacheTellsToRunFetch() {
        GreenSetRequest r = new GreenSetRequest(tmp.resolve("empty-cache"), tmp.resolve("x"), 32, 1, 1, 1, 0, false, List.of("twemoji"), 0, 1,
                SplitAssigner.DEFAULT, 0, false);
        DmException e = assertThrows(DmException.class, () -> new GreenSetBuilder(r, null).build());
        assertTrue(e.getMessage().contains("dm data fetch"), e.getMessage());
        assertTrue(e.getMessage().contains("twemoji"), e.getMessage());
    }

    @Test
    void unknownSourceIsAnError() {
        GreenSetRequest r = new GreenSetRequest(cacheRoot, tmp.resolve("y"), 32, 1, 1, 1, 0, false, List.of("openmoji"), 0, 1,
                SplitAssigner.DEFAULT, 0, false);
        DmException e = assertThrows(DmException.class, () -> new GreenSetBuilder(r, null).build());
        assertTrue(e.getMessage().contains("openmoji"), e.getMessage());
    }

    /** |fg a + (1 - a) G - image| <= 1/255 per channel at every pixel of every sample. */
    static void checkComposite(Path dir) {
        for (JsonNode n : manifest(dir)) {
            String id = n.path("id").asText();
            BufferedImage img = PngFiles.read(dir.resolve("image").resolve(id + ".png"));
            BufferedImage fg = PngFiles.read(dir.resolve("fg").resolve(id + ".png"));
            int[] max = new int[1];
            int[] a = PngFiles.readGrayCodes(dir.resolve("alpha").resolve(id + ".png"), max);
            assertEquals(n.path("alpha_bits").asInt() == 16 ? 65535 : 255, max[0]);
            int w = img.getWidth();
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < w; x++) {
                    double al = a[y * w + x] / (double) max[0];
                    int f = fg.getRGB(x, y), im = img.getRGB(x, y);
                    for (int c = 0; c < 3; c++) {
                        int sh = 16 - 8 * c;
                        double expect = ((f >> sh) & 255) / 255.0 * al + (1 - al) * (c == 1 ? 1 : 0);
                        double got = ((im >> sh) & 255) / 255.0;
                        assertTrue(Math.abs(expect - got) <= 1 / 255.0 + 1e-9, id + " pixel " + x + "," + y + " channel " + c);
                    }
                }
            }
        }
    }

    static List<JsonNode> manifest(Path dir) {
        try {
            ObjectMapper om = new ObjectMapper();
            List<JsonNode> out = new ArrayList<>();
            for (String l : Files.readAllLines(dir.resolve("manifest.jsonl"))) if (!l.isBlank()) out.add(om.readTree(l));
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void assertSameTree(Path a, Path b) throws IOException {
        List<Path> fa = files(a), fb = files(b);
        assertEquals(fa, fb, "same file list");
        for (Path rel : fa) assertArrayEquals(Files.readAllBytes(a.resolve(rel)), Files.readAllBytes(b.resolve(rel)), "bytes of " + rel);
        assertNotNull(fa);
    }

    static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
