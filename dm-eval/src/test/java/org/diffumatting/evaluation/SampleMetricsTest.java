package org.diffumatting.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.metrics.Convention;
import org.diffumatting.matting.metrics.MattingScores;
import org.junit.jupiter.api.Test;

/** Green purity, composition consistency and object validity on hand-made inputs. */
class SampleMetricsTest {
    static final int S = 32;

    static AlphaMap centredDisc() {
        return TinyFixtures.disc(S, 16, 16, 7.3);
    }

    static RgbImage red() {
        return RgbImage.filled(S, S, 0.9f, 0.1f, 0.2f);
    }

    @Test
    void perfectSampleIsPureConsistentAndValid() {
        AlphaMap a = centredDisc();
        RgbImage img = TinyFixtures.composite(a, red());
        GreenPurity.Count c = GreenPurity.count(img, a);
        assertTrue(c.background() > 0.7 * S * S, "most pixels are background: " + c.background());
        assertEquals(1.0, c.share(), 0.0);
        assertEquals(0.0, CompositionConsistency.meanAbsError(img, red(), a), 1e-7);
        ObjectValidity.Verdict v = ObjectValidity.judge(a);
        assertTrue(v.valid());
        assertEquals(Math.PI * 7.3 * 7.3 / (S * S), v.coverage(), 0.01);
        assertEquals(0, v.borderHits());
    }

    @Test
    void srgbTransferFunction() {
        assertEquals(0.0, GreenPurity.srgbToLinear(0), 0);
        assertEquals(1.0, GreenPurity.srgbToLinear(1), 1e-15);
        assertEquals(0.04045 / 12.92, GreenPurity.srgbToLinear(0.04045), 1e-15);
        assertEquals(0.2140411, GreenPurity.srgbToLinear(0.5), 1e-6);  // ((0.5 + 0.055) / 1.055)^2.4
    }

    @Test
    void purityIsMeasuredInLinearRgb() {
        AlphaMap none = AlphaMap.zeros(4, 4);
        // sRGB red 0.2 is 0.033 linear: within 0.05 of green in linear RGB (it would not be in sRGB)
        assertEquals(1.0, GreenPurity.count(RgbImage.filled(4, 4, 0.2f, 1f, 0f), none).share(), 0);
        // sRGB green 0.95 is 0.888 linear: 0.11 away
        assertEquals(0.0, GreenPurity.count(RgbImage.filled(4, 4, 0f, 0.95f, 0f), none).share(), 0);
        // half the background tinted: 50%
        RgbImage half = RgbImage.filled(4, 4, 0f, 1f, 0f);
        for (int x = 0; x < 4; x++) for (int y = 0; y < 2; y++) half.set(x, y, 2, 0.5f);
        assertEquals(0.5, GreenPurity.count(half, none).share(), 0);
        // pixels with alpha >= 0.01 are not background
        AlphaMap cover = new AlphaMap(4, 4, new double[16]);
        java.util.Arrays.fill(cover.data(), 0.01);
        GreenPurity.Count c = GreenPurity.count(half, cover);
        assertEquals(0, c.background());
        assertTrue(Double.isNaN(c.share()));
        assertEquals(new GreenPurity.Count(16, 8), GreenPurity.count(half, none).plus(GreenPurity.Count.ZERO));
    }

    @Test
    void consistencyOfAWrongMatteIsTheMeanResidual() {
        AlphaMap a = centredDisc();
        RgbImage img = TinyFixtures.composite(a, red());
        // alpha 0 everywhere: residual |G - I| = a |G - F| per channel; mean over channels of |G - F| = (0.9 + 0.9 + 0.2) / 3
        double meanAlpha = 0;
        for (double v : a.data()) meanAlpha += v / a.data().length;
        double expected = meanAlpha * (0.9 + 0.9 + 0.2) / 3;
        assertEquals(expected, CompositionConsistency.meanAbsError(img, red(), AlphaMap.zeros(S, S)), 1e-6);
    }

    @Test
    void objectCutByTheBorderIsInvalid() {
        AlphaMap cut = TinyFixtures.disc(S, 0, 16, 8); // centred on the left edge: ~16 border pixels above 0.5
        ObjectValidity.Verdict v = ObjectValidity.judge(cut);
        assertTrue(v.coverageOk());
        assertTrue(v.cutByBorder(), "hits " + v.borderHits());
        assertFalse(v.valid());
    }

    @Test
    void borderToleranceIsOnePercentOfTheRing() {
        // 128 x 128: ring 508 pixels, k = 5
        AlphaMap a = TinyFixtures.disc(128, 64, 64, 30);
        for (int x = 0; x < 5; x++) a.set(x, 0, 1.0);
        ObjectValidity.Verdict five = ObjectValidity.judge(a);
        assertEquals(5, five.allowedBorderHits());
        assertEquals(5, five.borderHits());
        assertTrue(five.valid());
        a.set(127, 127, 0.6);
        assertFalse(ObjectValidity.judge(a).valid(), "6 border pixels > 0.5 cut the object");
        a.set(127, 127, 0.5);
        assertTrue(ObjectValidity.judge(a).valid(), "exactly 0.5 does not count");
    }

    @Test
    void coverageBounds() {
        assertFalse(ObjectValidity.judge(AlphaMap.zeros(S, S)).valid(), "empty canvas");
        assertFalse(ObjectValidity.judge(TinyFixtures.disc(S, 16, 16, 1.5)).coverageOk(), "tiny speck (< 2%)");
        AlphaMap full = new AlphaMap(S, S, new double[S * S]);
        java.util.Arrays.fill(full.data(), 1.0);
        ObjectValidity.Verdict v = ObjectValidity.judge(full);
        assertFalse(v.coverageOk());
        assertTrue(v.cutByBorder());
    }

    @Test
    void scoreMeansSkipUndefinedValues() {
        ScoreMeans m = new ScoreMeans();
        m.add(new MattingScores(Convention.DIM, 1, Double.NaN, Double.NaN, 2, 3));
        m.add(new MattingScores(Convention.DIM, 3, 0.5, 0.25, 4, 5));
        assertEquals(2.0, m.mean("sad"), 0);
        assertEquals(0.5, m.mean("mse"), 0);
        assertEquals(1, m.count(1));
        assertEquals(4.0, m.mean("conn"), 0);
        assertTrue(Double.isNaN(new ScoreMeans().mean("sad")));
    }
}
