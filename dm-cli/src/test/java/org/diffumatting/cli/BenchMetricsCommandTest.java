package org.diffumatting.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dm bench metrics} on tiny mattes (the real figures come from running it at 2048, never in tests). */
class BenchMetricsCommandTest {

    @TempDir
    Path dir;

    static boolean pythonWithScipy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy, scipy.ndimage").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static String[] run(String... args) {
        CliRun r = CliRun.run(args);
        return new String[] {Integer.toString(r.code()), r.out(), r.err()};
    }

    static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("tools/reference/matting_metrics.py");
            if (Files.isRegularFile(s)) return s;
        }
        throw new IllegalStateException("reference script not found");
    }

    @Test
    void printsOneRowPerMetricAndConventionWithAgreeingValues() {
        assumeTrue(pythonWithScipy(), "python3 with numpy and scipy is needed");
        String[] r = run("bench", "metrics", "--size", "48", "--repeats", "1", "--reference", script().toString());
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].split("\n");
        assertTrue(lines[0].startsWith("dm bench metrics: 48x48"), lines[0]);
        assertTrue(lines[1].matches("metric\\s+convention\\s+Java ms\\s+numpy ms\\s+speed-up\\s+rel\\. diff"), lines[1]);
        assertEquals(2 + 11, lines.length, r[1]);
        Pattern row = Pattern.compile("(\\S+)\\s+(dim|whole)\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)x\\s+(\\S+)");
        for (int i = 2; i < lines.length; i++) {
            Matcher m = row.matcher(lines[i]);
            assertTrue(m.matches(), lines[i]);
            assertTrue(Double.parseDouble(m.group(6)) < 1e-6, "Java and numpy values agree: " + lines[i]);
        }
        assertTrue(lines[lines.length - 1].startsWith("grad+conn  whole"), lines[lines.length - 1]);
    }

    @Test
    void missingNumpyOrScriptIsAClearError() throws Exception {
        String[] missing = run("bench", "metrics", "--size", "16", "--reference", dir.resolve("nope.py").toString());
        assertEquals("2", missing[0]);
        assertTrue(missing[2].contains("reference script not found"), missing[2]);

        assumeTrue(pythonWithScipy(), "python3 is needed to run the fake script");
        Path fake = dir.resolve("fake.py");
        Files.writeString(fake, "import numpy_that_does_not_exist\n");
        String[] noNumpy = run("bench", "metrics", "--size", "16", "--repeats", "1", "--reference", fake.toString());
        assertEquals("2", noNumpy[0]);
        assertTrue(noNumpy[2].contains("needs numpy and scipy"), noNumpy[2]);
        assertEquals(1, noNumpy[2].strip().split("\n").length, "one-line error");
    }
}
