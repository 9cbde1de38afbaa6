package org.diffumatting.matting.metrics;

import org.diffumatting.matting.AlphaMap;

/**
 * Entry point: SAD, MSE, MAD, Grad and Conn of a predicted alpha against the ground truth under one
 * {@link Convention} (docs/METRICS.md), in double precision. Alphas are k/255 (or k/65535) values in [0, 1].
 */
public final class MattingMetrics {
    private MattingMetrics() {}

    /**
     * Computes all five metrics.
     *
     * @param pred   predicted alpha [H x W]
     * @param gt     ground-truth alpha [H x W]
     * @param trimap trimap [H x W] (8-bit levels 0 / 128 / 255 as k/255), required for {@link Convention#DIM}
     *               and {@link Convention#WHOLE_TRIMAP}, ignored (may be null) for {@link Convention#WHOLE}
     * @throws IllegalArgumentException on a size mismatch or a missing trimap
     */
    public static MattingScores evaluate(AlphaMap pred, AlphaMap gt, AlphaMap trimap, Convention convention) {
        if (!pred.sameSize(gt))
            throw new IllegalArgumentException("prediction is " + pred.width() + "x" + pred.height()
                    + " but ground truth is " + gt.width() + "x" + gt.height());
        if (convention.needsTrimap()) {
            if (trimap == null) throw new IllegalArgumentException("convention " + convention.id() + " needs a trimap");
            if (!trimap.sameSize(gt))
                throw new IllegalArgumentException("trimap is " + trimap.width() + "x" + trimap.height()
                        + " but ground truth is " + gt.width() + "x" + gt.height());
        }
        int w = gt.width(), h = gt.height();
        double[] p = pred.data(), g = gt.data();
        return switch (convention) {
            case DIM -> {
                TrimapRegions t = new TrimapRegions(trimap);
                boolean[] u = t.unknownMask();
                yield new MattingScores(convention, Sad.inRegion(p, g, u), Mse.inRegion(p, g, u), Mad.inRegion(p, g, u),
                        GradientError.dim(p, g, w, h, u), ConnectivityError.compute(p, g, w, h, u, false));
            }
            case WHOLE -> new MattingScores(convention, Sad.wholeImage(p, g), Mse.wholeImage(p, g), Mad.wholeImage(p, g),
                    GradientError.wholeImage(p, g, w, h), ConnectivityError.compute(p, g, w, h, null, true));
            case WHOLE_TRIMAP -> {
                TrimapRegions t = new TrimapRegions(trimap);
                double[] q = forceKnownRegions(p, t);
                double n = t.unknownCount();
                double sumAbs = Mad.sumAbs(q, g);
                yield new MattingScores(convention, sumAbs / 1000.0,
                        n == 0 ? Double.NaN : Mse.sumSquares(q, g) / n, n == 0 ? Double.NaN : sumAbs / n,
                        GradientError.wholeImage(p, g, w, h), ConnectivityError.compute(p, g, w, h, null, true));
            }
        };
    }

    /** P3M trimap variant: a copy of p with p = 1 where trimap == 255 and p = 0 where trimap == 0. */
    static double[] forceKnownRegions(double[] p, TrimapRegions t) {
        double[] q = p.clone();
        for (int i = 0; i < q.length; i++) {
            int level = t.level(i);
            if (level == TrimapRegions.FOREGROUND) q[i] = 1.0;
            else if (level == TrimapRegions.BACKGROUND) q[i] = 0.0;
        }
        return q;
    }
}
