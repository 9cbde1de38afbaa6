package org.diffumatting.train.loss;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.schedulers.NoiseSchedule;
import org.diffumatting.schedulers.PredictionType;

/**
 * The DiffuMatting joint objective (docs/DESIGN.md section 2, our formulation):
 * <pre>
 *   L = L_eps + lambda_g L_green + lambda_tb L_tb (+ lambda_tbg L_tb_grad) (+ lambda_m L_matte)
 * </pre>
 * <table>
 *   <caption>Notation</caption>
 *   <tr><td>x0, eps, t</td><td>clean latent [B, C, h, w], noise, timesteps (B values)</td></tr>
 *   <tr><td>x_t, out</td><td>noisy latent and UNet output, [B, C, h, w]</td></tr>
 *   <tr><td>L_eps</td><td>{@link NoiseLoss}, min-SNR-gamma weighted when snrGamma &gt; 0</td></tr>
 *   <tr><td>L_green</td><td>{@link GreenLoss}, weight min(SNR_t, greenSnrGamma); latent form, or pixel form
 *       through the frozen decoder</td></tr>
 *   <tr><td>L_tb, L_tb_grad</td><td>{@link TransitionBoundaryLoss} noise form and gradient option</td></tr>
 *   <tr><td>L_matte</td><td>{@link MatteLoss}, computed by the caller when the head trains jointly</td></tr>
 * </table>
 * A term whose lambda is 0 is not computed and not logged.
 *
 * @param predictionType what the UNet outputs (epsilon or v_prediction)
 * @param snrGamma min-SNR gamma for L_eps (0: off)
 * @param lambdaGreen lambda_g
 * @param greenSnrGamma gamma of the L_green weight min(SNR_t, gamma) (&gt; 0)
 * @param greenPixel true: pixel form of L_green (needs the decoder)
 * @param lambdaTb lambda_tb
 * @param lambdaTbGradient lambda_tbg, the gradient option of L_tb (needs the decoder)
 * @param lambdaMatte lambda_m
 */
public record JointLoss(PredictionType predictionType, double snrGamma, double lambdaGreen, double greenSnrGamma,
                        boolean greenPixel, double lambdaTb, double lambdaTbGradient, double lambdaMatte) {

    /** Everything one training batch provides to the objective. */
    public record Batch(NoiseSchedule schedule, Tensor x0, Tensor eps, Tensor xt, long[] t, Tensor output,
                        LatentMasks masks, Tensor greenLatent, Tensor alpha, Tensor image) {}

    /** True when some term needs the decoded x0_hat. */
    public boolean needsDecoder() {
        return (lambdaGreen != 0 && greenPixel) || lambdaTbGradient != 0;
    }

    /**
     * @param b the batch
     * @param decoder x0_hat -> D(x0_hat / s) in [-1, 1] (the frozen VAE decoder), needed when {@link #needsDecoder()}
     * @param matte L_matte terms, or null when the head is not trained jointly
     */
    public LossTerms compute(Batch b, UnaryOperator<Tensor> decoder, LossTerms matte) {
        Map<String, Tensor> terms = new LinkedHashMap<>();
        Tensor target = DiffusionTargets.target(b.schedule(), b.x0(), b.eps(), b.t(), predictionType);
        float[] w = snrGamma > 0 ? SnrWeights.minSnrLossWeights(b.schedule(), b.t(), snrGamma, predictionType) : null;
        Tensor eps = NoiseLoss.compute(b.output(), target, w);
        terms.put("eps", eps);
        Tensor total = eps;
        Tensor x0Hat = null;
        Tensor decoded = null;
        if (lambdaGreen != 0 || lambdaTbGradient != 0) {
            x0Hat = DiffusionTargets.predictedX0(b.schedule(), b.xt(), b.output(), b.t(), predictionType);
        }
        if (needsDecoder()) {
            if (decoder == null) throw new IllegalArgumentException("pixel-space loss options need the VAE decoder");
            decoded = decoder.apply(x0Hat);
        }
        if (lambdaGreen != 0) {
            float[] gw = SnrWeights.clampedSnr(b.schedule(), b.t(), greenSnrGamma);
            Tensor green = greenPixel
                    ? GreenLoss.pixel(decoded, GreenLoss.backgroundPixels(b.alpha()), gw)
                    : GreenLoss.latent(x0Hat, b.greenLatent(), b.masks().background(), gw);
            terms.put("green", green);
            total = total.add(green.mul(LossMath.s(lambdaGreen)));
        }
        if (lambdaTb != 0) {
            Tensor tb = TransitionBoundaryLoss.noise(b.output(), target, b.masks().transitionWeight());
            terms.put("tb", tb);
            total = total.add(tb.mul(LossMath.s(lambdaTb)));
        }
        if (lambdaTbGradient != 0) {
            Tensor tbg = TransitionBoundaryLoss.gradient(decoded, b.image(), b.masks().band());
            terms.put("tb_grad", tbg);
            total = total.add(tbg.mul(LossMath.s(lambdaTbGradient)));
        }
        if (matte != null && lambdaMatte != 0) {
            terms.put("matte", matte.total());
            total = total.add(matte.total().mul(LossMath.s(lambdaMatte)));
        }
        return new LossTerms(total, terms);
    }
}
