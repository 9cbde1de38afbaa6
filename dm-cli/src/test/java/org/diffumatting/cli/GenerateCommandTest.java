package org.diffumatting.cli;

import static org.diffumatting.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.tensor.Devices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through Main.commandLine(): dm generate, dm matte (tiny random-weight folder), errors, dm bench generate --help. */
class GenerateCommandTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void tinyModel() {
        Devices.setThreads(1);
        model = TinyModelFolder.write(dir.resolve("tiny"));
    }

    @Test
    void generateWritesImagesAlphaAndManifests() {
        Path out = dir.resolve("gen");
        CliRun r = run("generate", "a blue vase", "--model", model.toString(), "--out", out.toString(), "--n", "2", "--seed", "5",
                "--steps", "2", "--scheduler", "ddim", "--batch-size", "2", "--size", "16x16");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 images (alpha from matting_head)"), r.out());
        assertTrue(r.err().contains("step 2/2") && r.err().contains("images/s"), r.err());
        for (String name : new String[] {"a-blue-vase-0000-s5", "a-blue-vase-0001-s6"}) {
            assertTrue(Files.isRegularFile(out.resolve(name + ".png")), name);
            assertTrue(Files.isRegularFile(out.resolve(name + "-green.png")), name);
            assertTrue(Files.isRegularFile(out.resolve(name + ".json")), name);
            assertEquals(16, ImageFiles.readAlpha(out.resolve(name + "-alpha.png")).width());
        }

        Path matted = dir.resolve("matted");
        CliRun m = run("matte", out.resolve("a-blue-vase-0000-s5-green.png").toString(), "--model", model.toString(), "--out", matted.toString());
        assertEquals(0, m.code(), m.err());
        assertTrue(Files.isRegularFile(matted.resolve("a-blue-vase-0000-s5-green-alpha.png")));
        assertTrue(Files.isRegularFile(matted.resolve("a-blue-vase-0000-s5-green.png")));
    }

    @Test
    void badInputIsAOneLineErrorWithExitCode2() {
        Path out = dir.resolve("bad");
        CliRun size = run("generate", "x", "--model", model.toString(), "--out", out.toString(), "--size", "100x60");
        assertEquals(2, size.code());
        assertTrue(size.err().startsWith("dm generate: error: --size 100x60"), size.err());
        assertEquals(1, size.err().strip().lines().count(), size.err());
        CliRun form = run("generate", "x", "--model", model.toString(), "--size", "big");
        assertEquals(2, form.code());
        assertTrue(form.err().contains("expected WxH"), form.err());
        CliRun noPrompt = run("generate", "--model", model.toString());
        assertEquals(2, noPrompt.code());
        assertTrue(noPrompt.err().contains("PROMPT"), noPrompt.err());
        CliRun missing = run("generate", "x", "--model", dir.resolve("absent").toString(), "--out", out.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("absent"), missing.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void defaultModelMissingIsExplained() {
        String old = System.getProperty("dm.home");
        System.setProperty("dm.home", dir.resolve("no-home").toString());
        try {
            CliRun r = run("generate", "x", "--out", dir.resolve("o").toString());
            assertEquals(2, r.code());
            assertTrue(r.err().contains("default model is missing") && r.err().contains("dm train"), r.err());
        } finally {
            if (old == null) System.clearProperty("dm.home");
            else System.setProperty("dm.home", old);
        }
    }

    @Test
    void benchGenerateHasHelp() {
        CliRun r = run("bench", "generate", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("--batch"), r.out());
    }
}
