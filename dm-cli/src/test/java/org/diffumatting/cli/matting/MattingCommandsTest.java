package org.diffumatting.cli.matting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.diffumatting.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.diffumatting.cli.CliRun;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.io.RgbaImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through {@code Main}: dm trimap, key, composite, foreground on temporary PNG files. */
class MattingCommandsTest {
    @TempDir
    Path dir;

    Path alphaFile, imageFile, fgFile;
    AlphaMap alpha;

    @BeforeEach
    void fixtures() {
        alpha = AlphaMap.zeros(32, 24);
        for (int y = 0; y < 24; y++)
            for (int x = 0; x < 32; x++)
                alpha.set(x, y, Math.round(255 * Math.min(1, Math.max(0, 1.8 - Math.hypot(x - 16, y - 12) / 6))) / 255.0);
        RgbImage fg = RgbImage.filled(32, 24, 0.8f, 0.5f, 0.6f);
        RgbImage onGreen = RgbImage.zeros(32, 24);
        for (int i = 0; i < alpha.size(); i++)
            for (int c = 0; c < 3; c++)
                onGreen.data()[i * 3 + c] = (float) (alpha.data()[i] * fg.data()[i * 3 + c] + (1 - alpha.data()[i]) * (c == 1 ? 1 : 0));
        alphaFile = dir.resolve("obj.png");
        imageFile = dir.resolve("green.png");
        fgFile = dir.resolve("fgcolour.png");
        ImageFiles.writeAlpha(alphaFile, alpha);
        ImageFiles.writeRgb(imageFile, onGreen);
        ImageFiles.writeRgb(fgFile, fg);
    }

    private static void assertOneLineError(CliRun r, String command, String... needles) {
        assertEquals(2, r.code(), r.err());
        String line = r.err().strip();
        assertTrue(line.startsWith("dm " + command + ": error: "), line);
        assertFalse(line.contains("\n"), "one line: " + line);
        for (String n : needles) assertTrue(line.contains(n), "mentions " + n + ": " + line);
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"trimap", "key", "composite", "foreground"}) {
            CliRun r = run(c, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Usage: dm " + c), r.out());
        }
    }

    @Test
    void trimapFileAndDirectory() throws IOException {
        Path out = dir.resolve("t.png");
        CliRun r = run("trimap", "--alpha", alphaFile.toString(), "--out", out.toString(), "--band", "2");
        assertEquals(0, r.code(), r.err());
        AlphaMap t = ImageFiles.readAlpha(out);
        for (int i = 0; i < t.size(); i++) {
            double a = alpha.data()[i];
            if (a > 0 && a < 1) assertEquals(128 / 255.0, t.data()[i]);
        }
        Path in = Files.createDirectories(dir.resolve("alphas"));
        ImageFiles.writeAlpha(in.resolve("a.png"), alpha);
        ImageFiles.writeAlpha(in.resolve("b.png"), AlphaMap.zeros(3, 3));
        Path outDir = dir.resolve("tri");
        assertEquals(0, run("trimap", "--alpha", in.toString(), "--out", outDir.toString(), "--kernel", "square").code());
        assertTrue(Files.exists(outDir.resolve("a.png")) && Files.exists(outDir.resolve("b.png")));

        assertOneLineError(run("trimap", "--alpha", dir.resolve("none.png").toString(), "--out", out.toString()), "trimap", "none.png");
        assertOneLineError(run("trimap", "--alpha", alphaFile.toString(), "--out", out.toString(), "--mode", "blur"), "trimap", "--mode");
    }

    @Test
    void keyWritesAlphaAndRgba() {
        Path out = dir.resolve("keyed");
        CliRun r = run("key", imageFile.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        AlphaMap a = ImageFiles.readAlpha(out.resolve("green-alpha.png"));
        for (int i = 0; i < a.size(); i++) { // F = (0.8, 0.5, 0.6) has D(F) = -0.3: error <= 0.3 a (+ 8-bit rounding)
            double err = Math.abs(a.data()[i] - alpha.data()[i]);
            assertTrue(err <= 0.3 * alpha.data()[i] + 2.0 / 255, "pixel " + i + " error " + err);
        }
        RgbaImage rgba = ImageFiles.readRgba(out.resolve("green.png"));
        for (int i = 0; i < a.size(); i++)
            assertTrue(rgba.rgb().data()[i * 3 + 1] <= Math.max(rgba.rgb().data()[i * 3], rgba.rgb().data()[i * 3 + 2]) + 1e-6);
        assertOneLineError(run("key", imageFile.toString(), "--out", out.toString(), "--key-color", "9,9,9"), "key", "9,9,9");
        CliRun bad = run("key", imageFile.toString(), "--out", out.toString(), "--key-color", "0,300,0");
        assertEquals(2, bad.code());
    }

    @Test
    void compositeSingleAndSet() throws IOException {
        Path out = dir.resolve("c.png");
        CliRun r = run("composite", "--fg", fgFile.toString(), "--alpha", alphaFile.toString(), "--bg-color", "0,255,0", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        RgbImage expected = ImageFiles.readRgb(imageFile), got = ImageFiles.readRgb(out); // the fixture is the same equation
        for (int i = 0; i < got.data().length; i++) assertEquals(expected.data()[i], got.data()[i], 1.01f / 255);

        Path small = dir.resolve("small.png");
        ImageFiles.writeAlpha(small, AlphaMap.zeros(4, 4));
        Path out2 = dir.resolve("c2.png");
        assertOneLineError(run("composite", "--fg", fgFile.toString(), "--alpha", small.toString(), "--bg-color", "0,0,0",
                "--out", out2.toString()), "composite", "fgcolour.png", "small.png");
        assertFalse(Files.exists(out2));

        Path fgDir = Files.createDirectories(dir.resolve("fgs")), alDir = Files.createDirectories(dir.resolve("als")),
                bgDir = Files.createDirectories(dir.resolve("bgs"));
        Files.copy(fgFile, fgDir.resolve("x.png"));
        Files.copy(alphaFile, alDir.resolve("x.png"));
        Files.copy(imageFile, bgDir.resolve("g.png"));
        for (String o : new String[] {"s1", "s2"})
            assertEquals(0, run("composite", "--fg-dir", fgDir.toString(), "--alpha-dir", alDir.toString(), "--bg-dir",
                    bgDir.toString(), "--per-fg", "2", "--seed", "3", "--out", dir.resolve(o).toString()).code());
        try (Stream<Path> s = Files.walk(dir.resolve("s1"))) {
            for (Path p : s.filter(Files::isRegularFile).toList())
                assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(dir.resolve("s2").resolve(dir.resolve("s1").relativize(p))));
        }
        assertTrue(Files.exists(dir.resolve("s1/trimap/x_001.png")));
        assertOneLineError(run("composite", "--fg-dir", fgDir.toString(), "--out", dir.resolve("s3").toString()), "composite", "--bg-dir");
    }

    @Test
    void foregroundRemovesTheGreenCast() {
        Path out = dir.resolve("fg.png");
        CliRun r = run("foreground", "--image", imageFile.toString(), "--alpha", alphaFile.toString(), "--out", out.toString(),
                "--background", "0,255,0", "--timing");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ms"), r.out());
        RgbaImage rgba = ImageFiles.readRgba(out);
        assertEquals(alpha, rgba.alpha());
        for (int i = 0; i < alpha.size(); i++)
            if (alpha.data()[i] > 0.2) assertEquals(0.5f, rgba.rgb().data()[i * 3 + 1], 0.06f); // true F green is 0.5
        Path small = dir.resolve("small.png");
        ImageFiles.writeAlpha(small, AlphaMap.zeros(4, 4));
        assertOneLineError(run("foreground", "--image", imageFile.toString(), "--alpha", small.toString(), "--out",
                dir.resolve("x.png").toString()), "foreground", "green.png", "small.png");
        assertFalse(Files.exists(dir.resolve("x.png")));
    }
}
