package org.diffumatting.cli;

import static org.diffumatting.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.tensor.Devices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dm eval model through Main.commandLine(): a tiny end-to-end run and one-line errors. */
class EvalModelCommandTest {
    @TempDir
    Path dir;

    /** Squares of red on green, 16 x 16: ids q0..q3, q3 in the test split. */
    static Path greenSet(Path d) throws Exception {
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            AlphaMap a = AlphaMap.zeros(16, 16);
            RgbImage img = RgbImage.filled(16, 16, 0f, 1f, 0f);
            for (int y = 4; y < 10 + i % 2; y++) {
                for (int x = 3 + i; x < 11; x++) {
                    a.set(x, y, 1.0);
                    img.set(x, y, 0, 0.9f);
                    img.set(x, y, 1, 0.1f);
                }
            }
            ImageFiles.writeRgb(d.resolve("image/q" + i + ".png"), img);
            ImageFiles.writeAlpha(d.resolve("alpha/q" + i + ".png"), a);
            m.append("{\"id\":\"q").append(i).append("\",\"caption\":\"a red box ").append(i).append("\",\"split\":\"")
                    .append(i == 3 ? "test" : "train").append("\"}\n");
        }
        Files.writeString(d.resolve("manifest.jsonl"), m.toString());
        return d;
    }

    @Test
    void evalModelPrintsAndWritesTheReport() throws Exception {
        Devices.setThreads(1);
        Path model = TinyModelFolder.write(dir.resolve("tiny"));
        Path data = greenSet(dir.resolve("set"));
        Path out = dir.resolve("eval");
        CliRun r = run("eval", "model", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(),
                "--limit", "2", "--steps", "1", "--batch-size", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| chroma_key | dim |") && r.out().contains("| overall | 4 |"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("eval-model.json")) && Files.isRegularFile(out.resolve("contact-sheet.png")));
    }

    @Test
    void missingDataFolderIsAOneLineError() {
        Path missing = dir.resolve("no-such-set");
        CliRun r = run("eval", "model", "--model", dir.toString(), "--data", missing.toString(), "--out", dir.resolve("o").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("dm eval model: error: ") && r.err().contains(missing.toString()), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void dataIsRequiredAndHelpWorks() {
        CliRun r = run("eval", "model");
        assertEquals(Main.EXIT_BAD_INPUT, r.code());
        assertTrue(r.err().contains("--data"), r.err());
        CliRun h = run("eval", "model", "--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("--ablation") && h.out().contains("green purity"), h.out());
    }

    @Test
    void anUnknownPartIsAOneLineError() {
        CliRun r = run("eval", "model", "--model", dir.toString(), "--data", dir.toString(), "--out", dir.resolve("p").toString(),
                "--parts", "a,x");
        assertEquals(Main.EXIT_BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("dm eval model: error: --parts: unknown part 'x'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
