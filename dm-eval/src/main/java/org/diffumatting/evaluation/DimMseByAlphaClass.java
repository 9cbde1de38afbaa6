package org.diffumatting.evaluation;

import java.util.List;
import org.diffumatting.matting.AlphaMap;

/**
 * The DIM-convention MSE split by the ground-truth value of each unknown pixel, so that the parts add up to it:
 * <pre>
 *   MSE_DIM = sum_U (p - g)^2 / |U|
 *           = sum_{U, g = 0} (p - g)^2 / |U|  +  sum_{U, 0 &lt; g &lt; 1} (p - g)^2 / |U|  +  sum_{U, g = 1} (p - g)^2 / |U|
 * </pre>
 * U = unknown pixels of the trimap (level 128: {@code TrimapRegions.unknownMask()}, computed once per sample by the
 * caller). "transparent" is g = 0, "partial" 0 &lt; g &lt; 1 (anti-aliased edges,
 * hair, smoke, glass), "opaque" g = 1. Where a method loses shows in which part: a keyer loses on opaque green-ish
 * pixels and on colour mixing in partial ones, a head that sees an f = 8 reconstruction on where exactly an edge lies.
 * Running means over samples; a sample whose trimap has no unknown pixel is left out (as DIM MSE leaves it out).
 */
public final class DimMseByAlphaClass {
    public static final List<String> CLASSES = List.of("transparent", "partial", "opaque");

    private final double[] sum = new double[CLASSES.size()];
    private int samples;

    /** Adds one sample's parts (nothing when it has no unknown pixel); {@code unknown}: the trimap's U mask. */
    public void add(AlphaMap pred, AlphaMap gt, boolean[] unknown) {
        double[] parts = parts(pred, gt, unknown);
        if (parts == null) return;
        for (int k = 0; k < sum.length; k++) sum[k] += parts[k];
        samples++;
    }

    /** Mean part of class k (index into {@link #CLASSES}) over the samples added; NaN before any. */
    public double mean(int k) {
        return samples == 0 ? Double.NaN : sum[k] / samples;
    }

    public int samples() {
        return samples;
    }

    /**
     * One sample's parts (transparent, partial, opaque), which add up to its DIM MSE; null when U is empty.
     *
     * @throws IllegalArgumentException when the sizes differ
     */
    static double[] parts(AlphaMap pred, AlphaMap gt, boolean[] u) {
        if (!pred.sameSize(gt) || u.length != gt.size()) throw new IllegalArgumentException("prediction, ground truth and trimap sizes differ");
        double[] p = pred.data(), g = gt.data();
        double[] out = new double[CLASSES.size()];
        int n = 0;
        for (int i = 0; i < g.length; i++) {
            if (!u[i]) continue;
            n++;
            double d = p[i] - g[i];
            out[g[i] <= 0 ? 0 : g[i] >= 1 ? 2 : 1] += d * d;
        }
        if (n == 0) return null;
        for (int k = 0; k < out.length; k++) out[k] /= n;
        return out;
    }
}
