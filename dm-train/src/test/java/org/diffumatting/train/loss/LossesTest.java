package org.diffumatting.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.schedulers.NoiseSchedule;
import org.diffumatting.schedulers.PredictionType;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Noise;
import org.diffumatting.tensor.Tensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every loss on tiny hand-checkable tensors: exact masks, zero when it should be, gradients flow. */
class LossesTest {
    private MemoryScope scope;

    @BeforeEach
    void open() {
        scope = MemoryScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** 4x4 matte: a 2x2 object in the bottom-right corner with one soft pixel (see LatentMasks Javadoc). */
    private static Tensor cornerAlpha() {
        return Tensors.fromFloats(new float[] {
            0, 0, 0, 0,
            0, 0, 0, 0,
            0, 0, 1, 1,
            0, 0, 1, 0.5f}, 1, 1, 4, 4);
    }

    private static NoiseSchedule linearSchedule() {
        double[] betas = new double[1000];
        for (int i = 0; i < betas.length; i++) betas[i] = 0.0001 + (0.02 - 0.0001) * i / 999.0;
        return new NoiseSchedule(betas);
    }

    @Test
    void masksMatchTheDefinitionByHand() {
        LatentMasks m = LatentMasks.fromAlpha(cornerAlpha(), 2, 1);
        // O cells: only the bottom-right 2x2 patch has alpha > 0 -> m_bg = 1 elsewhere
        assertArrayEquals(new float[] {1, 1, 1, 0}, Tensors.toFloats(m.background()));
        // B = dilate_1({(3,3)}) U (dilate_1(O) - erode_1(O)) = rows 1..3 x cols 1..3
        assertArrayEquals(new float[] {
            0, 0, 0, 0,
            0, 1, 1, 1,
            0, 1, 1, 1,
            0, 1, 1, 1}, Tensors.toFloats(m.band()));
        // w_tb = avgpool_2(B)
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.5f, 1f}, Tensors.toFloats(m.transitionWeight()), 1e-7f);
    }

    @Test
    void bandRadiusZeroKeepsOnlySoftPixels() {
        Tensor b = LatentMasks.transitionBand(cornerAlpha(), 0);
        float[] expected = new float[16];
        expected[15] = 1;
        assertArrayEquals(expected, Tensors.toFloats(b));
    }

    @Test
    void hardMatteEdgeBandHasNoSoftPixelsButAnEdge() {
        Tensor alpha = Tensors.fromFloats(new float[] {
            1, 1, 0, 0,
            1, 1, 0, 0,
            1, 1, 0, 0,
            1, 1, 0, 0}, 1, 1, 4, 4);
        // O = cols 0..1; dilate -> cols 0..2; erode -> col 0; band = cols 1..2
        float[] row = {0, 1, 1, 0};
        float[] expected = new float[16];
        for (int y = 0; y < 4; y++) System.arraycopy(row, 0, expected, 4 * y, 4);
        assertArrayEquals(expected, Tensors.toFloats(LatentMasks.transitionBand(alpha, 1)));
    }

    @Test
    void noiseLossIsMseAndZeroForAPerfectPrediction() {
        Tensor target = Noise.randn(new long[] {1, 2}, 4, 2, 2);
        assertEquals(0f, Tensors.item(NoiseLoss.compute(target, target, null)), 0f);
        Tensor off = target.add(LossMath.s(0.5));
        assertEquals(0.25f, Tensors.item(NoiseLoss.compute(off, target, null)), 1e-6f);
        // per-sample weights: sample 0 weighted 2, sample 1 weighted 0 -> (2*0.25 + 0) / 2
        assertEquals(0.25f, Tensors.item(NoiseLoss.compute(off, target, new float[] {2, 0})), 1e-6f);
    }

    @Test
    void minSnrWeightsFollowTheFormula() {
        NoiseSchedule s = linearSchedule();
        long[] t = {0, 999};
        double[] snr = SnrWeights.snr(s, t);
        float[] eps = SnrWeights.minSnrLossWeights(s, t, 5.0, PredictionType.EPSILON);
        float[] v = SnrWeights.minSnrLossWeights(s, t, 5.0, PredictionType.V_PREDICTION);
        assertEquals(5.0 / snr[0], eps[0], 1e-6);        // SNR_0 ~ 1e4 > gamma
        assertEquals(1.0, eps[1], 1e-6);                 // SNR_999 ~ 4e-5 < gamma
        assertEquals(5.0 / (snr[0] + 1), v[0], 1e-6);
        assertEquals(snr[1] / (snr[1] + 1), v[1], 1e-6);
        assertArrayEquals(new float[] {1, 1}, SnrWeights.minSnrLossWeights(s, t, 0, PredictionType.EPSILON));
    }

    @Test
    void predictedX0InvertsTheForwardProcess() {
        NoiseSchedule s = linearSchedule();
        long[] t = {10, 700};
        Tensor x0 = Noise.randn(new long[] {3, 4}, 4, 2, 2);
        Tensor eps = Noise.randn(new long[] {5, 6}, 4, 2, 2);
        Tensor xt = s.addNoise(x0, eps, t);
        assertArrayEquals(Tensors.toFloats(x0), Tensors.toFloats(
                DiffusionTargets.predictedX0(s, xt, eps, t, PredictionType.EPSILON)), 1e-4f);
        Tensor v = DiffusionTargets.target(s, x0, eps, t, PredictionType.V_PREDICTION);
        assertArrayEquals(Tensors.toFloats(x0), Tensors.toFloats(
                DiffusionTargets.predictedX0(s, xt, v, t, PredictionType.V_PREDICTION)), 1e-4f);
    }

    @Test
    void greenLossCountsOnlyBackgroundCells() {
        LatentMasks m = LatentMasks.fromAlpha(cornerAlpha(), 2, 1);
        Tensor zG = Tensors.fromFloats(new float[] {1, 1, 1, 1, 2, 2, 2, 2}, 1, 2, 2, 2);
        // x0_hat equals z_G on the 3 background cells, wrong by 3 on the object cell -> 0
        Tensor x0Hat = Tensors.fromFloats(new float[] {1, 1, 1, 4, 2, 2, 2, 5}, 1, 2, 2, 2);
        assertEquals(0f, Tensors.item(GreenLoss.latent(x0Hat, zG, m.background(), null)), 0f);
        // wrong by 1 in channel 0 of one background cell: mean_c = 0.5, over 3 background cells, weight 2
        Tensor bad = Tensors.fromFloats(new float[] {2, 1, 1, 4, 2, 2, 2, 5}, 1, 2, 2, 2);
        assertEquals(2 * 0.5f / 3, Tensors.item(GreenLoss.latent(bad, zG, m.background(), new float[] {2})), 1e-6f);
        // pixel form: a pure green decode is exactly 0 on every background pixel
        Tensor green = Tensors.fromFloats(new float[] {-1, 1, -1}, 1, 3, 1, 1).repeat(1, 1, 4, 4);
        assertEquals(0f, Tensors.item(GreenLoss.pixel(green, GreenLoss.backgroundPixels(cornerAlpha()), null)), 0f);
    }

    @Test
    void transitionLossIsZeroWithoutABandAndWeightedOtherwise() {
        Tensor out = Tensors.fromFloats(new float[] {1, 0, 0, 0}, 1, 1, 2, 2);
        Tensor target = torchZeros(1, 1, 2, 2);
        Tensor emptyBand = LatentMasks.fromAlpha(torchZeros(1, 1, 4, 4), 2, 1).transitionWeight();
        assertEquals(0f, Tensors.item(TransitionBoundaryLoss.noise(out, target, emptyBand)), 0f);
        Tensor w = LatentMasks.fromAlpha(cornerAlpha(), 2, 1).transitionWeight(); // 0.25 0.5 0.5 1
        assertEquals(0.25f / 2.25f, Tensors.item(TransitionBoundaryLoss.noise(out, target, w)), 1e-6f);
        Tensor img = Noise.randn(new long[] {9}, 3, 4, 4);
        assertEquals(0f, Tensors.item(TransitionBoundaryLoss.gradient(img, img, LatentMasks.transitionBand(cornerAlpha(), 1))), 0f);
    }

    @Test
    void laplacianLossIgnoresConstantsAndSeesDetail() {
        Tensor a = Noise.randn(new long[] {11}, 1, 16, 16).sigmoid();
        assertEquals(0f, Tensors.item(LaplacianPyramidLoss.compute(a, a, 5)), 0f);
        // a constant offset has no band-pass content
        assertEquals(0f, Tensors.item(LaplacianPyramidLoss.compute(a.add(LossMath.s(0.25)), a, 5)), 1e-5f);
        Tensor noisy = a.add(Noise.randn(new long[] {12}, 1, 16, 16).mul(LossMath.s(0.1)));
        assertTrue(Tensors.item(LaplacianPyramidLoss.compute(noisy, a, 5)) > 0.01f);
    }

    @Test
    void matteLossIsZeroForAPerfectHeadAndPositiveOtherwise() {
        Tensor alpha = cornerAlpha();
        Tensor fg = Noise.randn(new long[] {13}, 3, 4, 4).sigmoid();
        Tensor green = Tensors.fromFloats(new float[] {0, 1, 0}, 1, 3, 1, 1);
        Tensor image = alpha.mul(fg).add(alpha.neg().add(LossMath.s(1)).mul(green)); // I = aF + (1-a)G
        MatteLoss loss = new MatteLoss(1, 2, 1, 1, 1, 3);
        LossTerms perfect = loss.compute(alpha, fg, alpha, fg, image);
        assertEquals(0f, Tensors.item(perfect.total()), 1e-6f);
        LossTerms off = loss.compute(alpha.mul(LossMath.s(0.5)), fg, alpha, fg, image);
        assertEquals(0.5f * (1 + 1 + 1 + 0.5f) / 16, Tensors.item(off.terms().get("alpha_l1")), 1e-6f);
        assertEquals(0.25f * (1 + 1 + 1 + 0.25f) / 16, Tensors.item(off.terms().get("alpha_l2")), 1e-6f);
        assertFalse(new MatteLoss(1, 0, 1, 1, 1, 3).compute(alpha, fg, alpha, fg, image).terms().containsKey("alpha_l2"));
        assertTrue(Tensors.item(off.terms().get("composition")) > 0);
        assertEquals(0f, Tensors.item(off.terms().get("foreground")), 0f);
    }

    @Test
    void vaeLossIsZeroForPerfectReconstructionAndStandardPosterior() {
        Tensor x = Noise.randn(new long[] {14}, 3, 4, 4);
        Tensor mu = torchZeros(1, 2, 2, 2);
        VaeLoss loss = new VaeLoss(false, 1.0, 4.0);
        LossTerms t = loss.compute(x, x, mu, mu, LatentMasks.transitionBand(cornerAlpha(), 1));
        assertEquals(0f, Tensors.item(t.total()), 0f);
        // KL of N(1, 1) per element = 0.5, 8 elements -> 4
        LossTerms kl = loss.compute(x, x, mu.add(LossMath.s(1)), mu, null);
        assertEquals(4f, Tensors.item(kl.terms().get("kl")), 1e-6f);
        // band weighting: error only inside the band counts (1 + 4) times
        Tensor band = LatentMasks.transitionBand(cornerAlpha(), 1);
        Tensor shifted = x.add(band.mul(LossMath.s(1)));
        float rec = Tensors.item(loss.compute(shifted, x, mu, mu, band).terms().get("reconstruction"));
        assertEquals(5f * 9 / (16 + 4 * 9), rec, 1e-6f);
    }

    @Test
    void jointLossGradientsReachTheModelOutput() {
        NoiseSchedule s = linearSchedule();
        long[] t = {100, 600};
        Tensor alpha = cornerAlpha().repeat(2, 1, 1, 1);
        LatentMasks masks = LatentMasks.fromAlpha(alpha, 2, 1);
        Tensor x0 = Noise.randn(new long[] {1, 2}, 4, 2, 2);
        Tensor eps = Noise.randn(new long[] {3, 4}, 4, 2, 2);
        Tensor xt = s.addNoise(x0, eps, t);
        Tensor out = Noise.randn(new long[] {5, 6}, 4, 2, 2).requires_grad_(true);
        Tensor zG = torchZeros(1, 4, 2, 2);
        JointLoss joint = new JointLoss(PredictionType.EPSILON, 5.0, 1.0, 5.0, false, 1.0, 0.0, 0.0);
        LossTerms terms = joint.compute(new JointLoss.Batch(s, x0, eps, xt, t, out, masks, zG, alpha, null), null, null);
        assertEquals(java.util.List.of("eps", "green", "tb"), java.util.List.copyOf(terms.terms().keySet()));
        terms.total().backward();
        assertNotNull(out.grad());
        assertTrue(Tensors.item(out.grad().abs().sum()) > 0);
        double sum = terms.values().get("eps") + terms.values().get("green") + terms.values().get("tb");
        assertEquals(sum, terms.values().get("loss"), 1e-5);
    }

    private static Tensor torchZeros(long... shape) {
        return Tensors.fromFloats(new float[(int) Tensors.numel(shape)], shape);
    }
}
