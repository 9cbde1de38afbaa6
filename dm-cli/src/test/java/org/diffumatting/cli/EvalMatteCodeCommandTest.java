package org.diffumatting.cli;

import static org.diffumatting.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dm eval matte-code through Main.commandLine(): the table on a tiny set and one-line errors. */
class EvalMatteCodeCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheCodeTable() throws Exception {
        Path data = EvalModelCommandTest.greenSet(dir.resolve("set"));
        CliRun r = run("eval", "matte-code", "--data", data.toString(), "--cell", "4", "--components", "4,16", "--area-cells", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| code | numbers per 4x4 cell | DIM MSE | whole MSE | DIM / target | whole / target |"), r.out());
        assertTrue(r.out().contains("| chroma key (real image) | - |") && r.out().contains("| pca-16 | 16 | 0.000000 | 0.000000 |")
                && r.out().contains("| area-2 | 4 |"), r.out());
        assertTrue(r.out().contains("1 test samples (PCA fitted on 3 train samples, 4x4 cells)"), r.out());
    }

    @Test
    void tooManyComponentsAndAnUnevenCellAreOneLineErrors() throws Exception {
        Path data = EvalModelCommandTest.greenSet(dir.resolve("set"));
        CliRun r = run("eval", "matte-code", "--data", data.toString(), "--cell", "4", "--components", "17");
        assertEquals(Main.EXIT_BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("dm eval matte-code: error: ") && r.err().contains("--components 17"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        r = run("eval", "matte-code", "--data", data.toString(), "--cell", "3", "--components", "4", "--area-cells", "2");
        assertEquals(Main.EXIT_BAD_INPUT, r.code());
        assertTrue(r.err().contains("--cell 3: a 16x16 matte is not a whole number of 3x3 cells"), r.err());
    }
}
