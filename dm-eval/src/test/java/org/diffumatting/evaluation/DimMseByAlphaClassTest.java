package org.diffumatting.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.metrics.Convention;
import org.diffumatting.matting.metrics.MattingMetrics;
import org.diffumatting.matting.metrics.TrimapRegions;
import org.junit.jupiter.api.Test;

/** The DIM MSE split by ground-truth alpha class: hand-computed parts that add up to MattingMetrics' DIM MSE. */
class DimMseByAlphaClassTest {
    private static final double U = 128 / 255.0;

    private static boolean[] u(AlphaMap trimap) {
        return new TrimapRegions(trimap).unknownMask();
    }

    @Test
    void partsOfAHandComputedExample() {
        // 4x1: g = 0 (unknown), 0.5 (unknown), 1 (unknown), 1 (known foreground: not counted)
        AlphaMap gt = new AlphaMap(4, 1, new double[] {0, 0.5, 1, 1});
        AlphaMap pred = new AlphaMap(4, 1, new double[] {0.2, 0.1, 0.7, 0});
        AlphaMap trimap = new AlphaMap(4, 1, new double[] {U, U, U, 1});
        double[] parts = DimMseByAlphaClass.parts(pred, gt, u(trimap));
        assertArrayEquals(new double[] {0.04 / 3, 0.16 / 3, 0.09 / 3}, parts, 1e-12);
        double dim = MattingMetrics.evaluate(pred, gt, trimap, Convention.DIM).get("mse");
        assertEquals(dim, parts[0] + parts[1] + parts[2], 1e-12);
    }

    @Test
    void samplesWithoutUnknownPixelsAreLeftOut() {
        AlphaMap gt = new AlphaMap(2, 1, new double[] {0, 1});
        AlphaMap trimap = new AlphaMap(2, 1, new double[] {0, 1});
        assertNull(DimMseByAlphaClass.parts(gt, gt, u(trimap)));
        DimMseByAlphaClass means = new DimMseByAlphaClass();
        assertTrue(Double.isNaN(means.mean(0)));
        means.add(gt, gt, u(trimap));
        assertEquals(0, means.samples());
        means.add(new AlphaMap(2, 1, new double[] {0.5, 1}), gt, u(new AlphaMap(2, 1, new double[] {U, 1})));
        means.add(gt, gt, u(new AlphaMap(2, 1, new double[] {U, U})));
        assertEquals(2, means.samples());
        assertEquals(0.25 / 2, means.mean(0), 1e-12);
        assertEquals(0, means.mean(2), 1e-12);
    }
}
