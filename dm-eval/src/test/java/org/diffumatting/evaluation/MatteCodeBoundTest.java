package org.diffumatting.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The matte-code yardstick: exact codes where they must be, ordered scores on a tiny green set, input checks. */
class MatteCodeBoundTest {
    @TempDir
    Path dir;

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    private static double maxAbsDiff(AlphaMap a, AlphaMap b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
        return m;
    }

    @Test
    void allComponentsReproduceTheMatteAndOneSufficesForOnePattern() {
        List<AlphaMap> mattes = List.of(TinyFixtures.disc(16, 6, 7, 3.5), TinyFixtures.disc(16, 9, 8, 4.5), TinyFixtures.disc(16, 8, 8, 6));
        MatteCodeBound.CellPca pca = MatteCodeBound.CellPca.fit(mattes, 4);
        for (AlphaMap a : mattes) assertEquals(0, maxAbsDiff(pca.code(a, 16), a), 1e-9);
        assertTrue(maxAbsDiff(pca.code(mattes.get(0), 1), mattes.get(0)) > 0.05, "one component cannot hold three discs");
        // cells that are all multiples of one pattern (plus the mean) need one component
        double[] p = new double[16 * 16];
        double[] q = new double[16 * 16];
        for (int i = 0; i < p.length; i++) {
            double pattern = ((i % 16) % 4) / 3.0;            // a ramp inside each 4x4 cell
            p[i] = 0.5 * pattern;
            q[i] = ((i / 16) / 4 % 2 == 0 ? 0.9 : 0.2) * pattern;
        }
        MatteCodeBound.CellPca one = MatteCodeBound.CellPca.fit(List.of(new AlphaMap(16, 16, p), new AlphaMap(16, 16, q)), 4);
        assertEquals(0, maxAbsDiff(one.code(new AlphaMap(16, 16, q), 1), new AlphaMap(16, 16, q)), 1e-9);
    }

    @Test
    void areaCodeKeepsConstantsAndSinglePixelCells() {
        AlphaMap constant = new AlphaMap(12, 8, java.util.Collections.nCopies(96, 0.3).stream().mapToDouble(Double::doubleValue).toArray());
        assertEquals(0, maxAbsDiff(MatteCodeBound.areaCode(constant, 4), constant), 1e-12);
        AlphaMap disc = TinyFixtures.disc(16, 6, 7, 3.5);
        assertEquals(0, maxAbsDiff(MatteCodeBound.areaCode(disc, 1), disc), 1e-12);
        // a 2x2-cell enlargement keeps the mean of each cell's interior only approximately, but keeps the total
        AlphaMap coded = MatteCodeBound.areaCode(disc, 2);
        double sumCoded = 0, sumDisc = 0;
        for (int i = 0; i < disc.size(); i++) {
            sumCoded += coded.data()[i];
            sumDisc += disc.data()[i];
        }
        assertEquals(sumDisc, sumCoded, 0.05 * sumDisc);
        assertTrue(maxAbsDiff(coded, disc) > 0.01);
    }

    @Test
    void scoresFallWithMoreNumbersPerCellAndTheFullCodeIsExact() throws Exception {
        Path data = TinyFixtures.greenSet(dir.resolve("set"), 8, 4);
        MatteCodeBound.Result r = MatteCodeBound.run(new MatteCodeBound.Request(data, 4, List.of(1, 4, 16), List.of(4, 2), 100, 0, 2), QUIET);
        assertEquals(4, r.samples());
        assertEquals(8, r.fitSamples());
        assertEquals(List.of(MatteCodeBound.KEY, "pca-1", "pca-4", "pca-16", "area-4", "area-2"),
                r.rows().stream().map(MatteCodeBound.Row::code).toList());
        List<MatteCodeBound.Row> rows = r.rows();
        assertTrue(rows.get(1).dimMse() >= rows.get(2).dimMse() && rows.get(2).dimMse() >= rows.get(3).dimMse(), r.markdown());
        assertEquals(0, rows.get(3).wholeMse(), 1e-12);
        assertTrue(rows.get(4).wholeMse() > rows.get(5).wholeMse(), r.markdown());
        assertEquals(1.0, rows.get(4).numbersPerCell(), 0);   // one mean per 4x4 pixels
        assertEquals(4.0, rows.get(5).numbersPerCell(), 0);   // four per 4x4 pixels
        assertTrue(Double.isFinite(r.key().dimMse()) && r.key().dimMse() >= 0);
        assertTrue(r.markdown().contains("| pca-16 | 16 | 0.000000 | 0.000000 | 0.00 | 0.00 |"), r.markdown());
    }

    @Test
    void badRequestsNameTheOption() {
        DmException e = assertThrows(DmException.class, () -> new MatteCodeBound.Request(dir, 8, List.of(65), List.of(), 10, 0, 5));
        assertTrue(e.getMessage().contains("--components 65") && e.getMessage().contains("1..64"), e.getMessage());
        e = assertThrows(DmException.class, () -> new MatteCodeBound.Request(dir, 8, List.of(4), List.of(0), 10, 0, 5));
        assertTrue(e.getMessage().contains("--area-cells"), e.getMessage());
        e = assertThrows(DmException.class, () -> MatteCodeBound.run(new MatteCodeBound.Request(dir.resolve("none"), 8, List.of(4), List.of(), 10, 0, 5), QUIET));
        assertTrue(e.getMessage().contains("none") && e.getMessage().contains("not found"), e.getMessage());
    }
}
