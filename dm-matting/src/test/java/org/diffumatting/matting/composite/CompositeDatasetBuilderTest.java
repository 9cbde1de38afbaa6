package org.diffumatting.matting.composite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.trimap.TrimapGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompositeDatasetBuilderTest {
    @TempDir
    Path dir;
    Path fgDir, alphaDir, bgDir;

    @BeforeEach
    void inputs() throws IOException {
        fgDir = Files.createDirectories(dir.resolve("fg"));
        alphaDir = Files.createDirectories(dir.resolve("alpha"));
        bgDir = Files.createDirectories(dir.resolve("bg"));
        AlphaMap a = AlphaMap.zeros(24, 18);
        for (int y = 0; y < 18; y++)
            for (int x = 0; x < 24; x++) a.set(x, y, Math.min(1, Math.max(0, 1.6 - Math.hypot(x - 9, y - 9) / 5)));
        ImageFiles.writeRgb(fgDir.resolve("cat.png"), CompositorTest.random(24, 18, 1));
        ImageFiles.writeAlpha(alphaDir.resolve("cat.png"), a);
        ImageFiles.writeRgb(fgDir.resolve("dot.jpg"), RgbImage.filled(1, 1, 1, 0, 0));
        ImageFiles.writeAlpha(alphaDir.resolve("dot.png"), new AlphaMap(1, 1, new double[] {1}));
        ImageFiles.writeRgb(bgDir.resolve("b1.png"), CompositorTest.random(60, 20, 2));
        ImageFiles.writeRgb(bgDir.resolve("b2.jpg"), CompositorTest.random(13, 40, 3));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void sameSeedGivesByteIdenticalSetsAndOtherSeedsDiffer() throws IOException {
        CompositeDatasetBuilder.Params p = CompositeDatasetBuilder.Params.of(3, 42);
        CompositeDatasetBuilder.Result r1 = CompositeDatasetBuilder.buildFromDirs(fgDir, alphaDir, bgDir, p, dir.resolve("o1"));
        CompositeDatasetBuilder.buildFromDirs(fgDir, alphaDir, bgDir, p, dir.resolve("o2"));
        assertEquals(6, r1.samples());
        List<Path> a = files(dir.resolve("o1")), b = files(dir.resolve("o2"));
        assertEquals(6 * 5 + 1, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(dir.resolve("o1").relativize(a.get(i)), dir.resolve("o2").relativize(b.get(i)));
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
        }
        CompositeDatasetBuilder.buildFromDirs(fgDir, alphaDir, bgDir, CompositeDatasetBuilder.Params.of(3, 43), dir.resolve("o3"));
        assertNotEquals(new String(Files.readAllBytes(dir.resolve("o1/manifest.json"))),
                new String(Files.readAllBytes(dir.resolve("o3/manifest.json"))));
    }

    @Test
    void everySampleSatisfiesTheMattingEquationAndHasConsistentFiles() throws IOException {
        CompositeDatasetBuilder.Params p = CompositeDatasetBuilder.Params.of(4, 7);
        Path out = dir.resolve("set");
        CompositeDatasetBuilder.buildFromDirs(fgDir, alphaDir, bgDir, p, out);
        JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(8, m.get("samples").size());
        assertEquals(7, m.get("params").get("seed").asLong());
        boolean sawMirror = false;
        for (JsonNode s : m.get("samples")) {
            String name = s.get("name").asText();
            RgbImage img = ImageFiles.readRgb(out.resolve("image").resolve(name));
            RgbImage f = ImageFiles.readRgb(out.resolve("fg").resolve(name));
            RgbImage b = ImageFiles.readRgb(out.resolve("bg").resolve(name));
            AlphaMap a = ImageFiles.readAlpha(out.resolve("alpha").resolve(name));
            AlphaMap t = ImageFiles.readAlpha(out.resolve("trimap").resolve(name));
            assertEquals(TrimapGenerator.generate(a).toAlphaMap(), t);
            for (int i = 0; i < a.size(); i++)
                for (int c = 0; c < 3; c++) {
                    double expect = a.data()[i] * f.data()[i * 3 + c] + (1 - a.data()[i]) * b.data()[i * 3 + c];
                    assertEquals(expect, img.data()[i * 3 + c], 1.5 / 255, name); // three 8-bit roundings
                }
            double scale = s.get("scale").asDouble();
            assertTrue(scale >= 1 && scale <= 1.5, "scale " + scale);
            sawMirror |= s.get("mirror_foreground").asBoolean() || s.get("mirror_background").asBoolean();
            assertTrue(name.matches("(cat|dot)_00[0-3]\\.png"), name);
        }
        assertTrue(sawMirror, "flips happen with probability 0.5");
        // 1x1 opaque foreground: image equals the foreground (a red JPEG pixel) whatever the background
        assertEquals(ImageFiles.readRgb(fgDir.resolve("dot.jpg")), ImageFiles.readRgb(out.resolve("image/dot_000.png")));
    }

    @Test
    void samplesDoNotDependOnOtherForegrounds() throws IOException {
        CompositeDatasetBuilder.Params p = CompositeDatasetBuilder.Params.of(2, 5);
        CompositeDatasetBuilder.buildFromDirs(fgDir, alphaDir, bgDir, p, dir.resolve("all"));
        Files.delete(fgDir.resolve("dot.jpg"));
        CompositeDatasetBuilder.buildFromDirs(fgDir, alphaDir, bgDir, p, dir.resolve("one"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("all/image/cat_001.png")), Files.readAllBytes(dir.resolve("one/image/cat_001.png")));
    }

    @Test
    void inputErrorsAreOneLineAndLeaveNoOutputs() throws IOException {
        CompositeDatasetBuilder.Params p = CompositeDatasetBuilder.Params.of(2, 1);
        Files.delete(alphaDir.resolve("dot.png"));
        Path out = dir.resolve("bad");
        DmException e = assertThrows(DmException.class, () -> CompositeDatasetBuilder.buildFromDirs(fgDir, alphaDir, bgDir, p, out));
        assertTrue(e.getMessage().contains("dot.jpg") && e.getMessage().contains("alpha"), e.getMessage());
        assertFalse(Files.exists(out));

        ImageFiles.writeAlpha(alphaDir.resolve("dot.png"), AlphaMap.zeros(2, 2));
        e = assertThrows(DmException.class, () -> CompositeDatasetBuilder.buildFromDirs(fgDir, alphaDir, bgDir, p, out));
        assertTrue(e.getMessage().contains("dot.jpg") && e.getMessage().contains("dot.png"), e.getMessage());
        assertFalse(Files.exists(out));

        ImageFiles.writeAlpha(alphaDir.resolve("dot.png"), new AlphaMap(1, 1, new double[] {1}));
        Files.write(bgDir.resolve("zz.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0}); // corrupt background
        e = assertThrows(DmException.class, () -> CompositeDatasetBuilder.buildFromDirs(fgDir, alphaDir, bgDir, p, out));
        assertTrue(e.getMessage().contains("zz.png"), e.getMessage());
        assertTrue(!Files.exists(out) || files(out).isEmpty(), "no partial outputs");
        assertThrows(DmException.class, () -> CompositeDatasetBuilder.Params.of(0, 1));
    }

    @Test
    void rgbaForegroundsNeedNoAlphaFolderAndConstantAlphaGivesBackgroundOrForeground() throws IOException {
        Path rgbaDir = Files.createDirectories(dir.resolve("rgba"));
        RgbImage f = RgbImage.filled(5, 4, 0.2f, 0.4f, 0.6f);
        ImageFiles.writeRgba(rgbaDir.resolve("clear.png"), f, AlphaMap.zeros(5, 4));
        Path out = dir.resolve("rgbaset");
        CompositeDatasetBuilder.buildFromDirs(rgbaDir, null, bgDir, CompositeDatasetBuilder.Params.of(2, 9), out);
        for (String n : new String[] {"clear_000.png", "clear_001.png"})
            assertEquals(ImageFiles.readRgb(out.resolve("bg").resolve(n)), ImageFiles.readRgb(out.resolve("image").resolve(n)));
    }
}
