package org.diffumatting.cli;

import static org.diffumatting.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.tensor.DType;
import org.diffumatting.tensor.Devices;
import org.diffumatting.tensor.safetensors.SafetensorsFile;
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
        assertTrue(r.err().contains("step 2/2") && r.err().contains("images/s, ETA "), r.err());
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
    void convertedFloat16FolderIsHalfTheSizeAndGeneratesTheSameImage() throws Exception {
        Path half = dir.resolve("tiny-fp16");
        CliRun c = run("model", "convert", model.toString(), half.toString(), "--dtype", "fp16");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("stored as F16"), c.out());
        for (String comp : new String[] {"unet", "vae", "matting_head"}) {
            Path w = Path.of(comp, "diffusion_pytorch_model.safetensors");
            long full = Files.size(model.resolve(w));
            long small = Files.size(half.resolve(w));
            assertTrue(small < 0.65 * full, comp + ": " + small + " vs " + full);   // headers do not shrink
            try (SafetensorsFile f = SafetensorsFile.open(half.resolve(w))) {
                for (var info : f.infos().values()) assertEquals(DType.F16, info.dtype(), comp + " " + info.name());
            }
        }
        double[][] alphas = new double[2][];
        Path[] folders = {model, half};
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("conv-gen-" + i);
            CliRun g = run("generate", "a cup", "--model", folders[i].toString(), "--out", out.toString(), "--seed", "3",
                    "--steps", "2", "--scheduler", "ddim", "--size", "16x16");
            assertEquals(0, g.code(), g.err());
            alphas[i] = ImageFiles.readAlpha(out.resolve("a-cup-0000-s3-alpha.png")).data();
        }
        double worst = 0;
        for (int k = 0; k < alphas[0].length; k++) worst = Math.max(worst, Math.abs(alphas[0][k] - alphas[1][k]));
        assertTrue(worst <= 3 / 255.0, "fp16 weights changed the alpha by " + worst);

        CliRun again = run("model", "convert", model.toString(), half.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already exists"), again.err());
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
