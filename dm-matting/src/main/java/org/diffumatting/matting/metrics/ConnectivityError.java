package org.diffumatting.matting.metrics;

import java.util.stream.IntStream;

/**
 * The matting connectivity error (Rhemann et al. 2009; DIM MATLAB compute_connectivity_error.m; GFM/P3M
 * compute_connectivity_loss_whole_image). With thresholds t_i = i * 0.1 ({@link ThresholdSteps}):
 * for i = 1..10, Omega_i = the largest 4-connected component of (p >= t_i) & (g >= t_i); a pixel not yet
 * assigned and outside Omega_i gets l = t_{i-1}; pixels never assigned get l = 1. Then d = a - l,
 * phi(a) = 1 - d [d >= 0.15], and Conn = sum |phi(p) - phi(g)| (over U or the whole image) / 1000.
 *
 * <p>DIM: an empty level set gives an empty Omega_i (every unassigned pixel gets t_{i-1}). GFM/P3M skip rule:
 * a threshold whose level set is empty is skipped.
 *
 * <p>Algorithm: (p >= t) & (g >= t) equals min(p, g) >= t, so one pass computes each pixel's level
 * L = max{i : min(p, g) >= t_i}. A pixel leaves the level sets at threshold L + 1, so it is assigned at the
 * first i <= L where it is outside Omega_i, else at L + 1 (if that threshold is processed). Levels sets are
 * labelled independently ({@link LargestComponent}, thresholds in parallel); the assignment index starts at
 * L + 1 and is overwritten, from i = 10 down to 1, on the runs outside each Omega_i, so the smallest index wins.
 */
public final class ConnectivityError {
    private ConnectivityError() {}

    /** phi step: d contributes only where d >= 0.15. */
    static final double PHI_STEP = 0.15;
    private static final int LAST = ThresholdSteps.COUNT - 1; // i = 10

    /**
     * Conn / 1000 over {@code region} (null: whole image); p, g: [H*W] in [0, 1].
     *
     * @param skipEmpty true for the GFM/P3M skip rule, false for DIM
     */
    public static double compute(double[] p, double[] g, int width, int height, boolean[] region, boolean skipEmpty) {
        Assignment a = assign(p, g, width, height, skipEmpty);
        double[] lOf = a.levelValues();
        int bands = Math.max(1, Math.min(64, p.length / 65536));
        double[] partial = new double[bands];
        int n = p.length;
        IntStream.range(0, bands).parallel().forEach(b -> {
            int i0 = (int) ((long) n * b / bands), i1 = (int) ((long) n * (b + 1) / bands);
            double s = 0;
            for (int i = i0; i < i1; i++) {
                if (region != null && !region[i]) continue;
                double l = lOf[a.index[i]];
                s += Math.abs(phi(p[i], l) - phi(g[i], l));
            }
            partial[b] = s;
        });
        double total = 0;
        for (double s : partial) total += s;
        return total / 1000.0;
    }

    /** phi(a) = 1 - d [d >= 0.15] with d = a - l. */
    static double phi(double a, double l) {
        double d = a - l;
        return d >= PHI_STEP ? 1.0 - d : 1.0;
    }

    /** The map l [H*W] of the definition above (values t_0..t_9 or 1). */
    public static double[] levelMap(double[] p, double[] g, int width, int height, boolean skipEmpty) {
        Assignment a = assign(p, g, width, height, skipEmpty);
        double[] lOf = a.levelValues();
        double[] l = new double[p.length];
        for (int x = 0; x < l.length; x++) l[x] = lOf[a.index[x]];
        return l;
    }

    /**
     * index[x] = i of the threshold that assigns l = t_{i-1} to pixel x; an index above {@code last} means never
     * (l = 1).
     */
    private record Assignment(byte[] index, int last) {
        /** l for each possible index 0..11. */
        double[] levelValues() {
            double[] v = new double[ThresholdSteps.COUNT + 1];
            for (int i = 0; i < v.length; i++) v[i] = (i >= 1 && i <= last) ? ThresholdSteps.t(i - 1) : 1.0;
            return v;
        }
    }

    private static Assignment assign(double[] p, double[] g, int width, int height, boolean skipEmpty) {
        int n = p.length;
        byte[] level = new byte[n];
        int maxLevel = 0;
        for (int i = 0; i < n; i++) {
            int lv = ThresholdSteps.level(Math.min(p[i], g[i]));
            level[i] = (byte) lv;
            if (lv > maxLevel) maxLevel = lv;
        }
        // thresholds that take part: all 10 (DIM), or the non-empty ones 1..maxLevel (skip rule; level sets nest)
        int last = skipEmpty ? maxLevel : LAST;
        LargestComponent[] omega = new LargestComponent[last + 1];
        IntStream.rangeClosed(1, last).parallel()
                .forEach(i -> omega[i] = LargestComponent.of(level, width, height, i));

        // start from L + 1 (the threshold at which the pixel leaves the level sets), then overwrite on the runs
        // outside each Omega_i from i = last down to 1, so the smallest such i wins
        byte[] index = level; // reused in place: level[x] is not needed after this point
        for (int x = 0; x < n; x++) index[x] = (byte) (level[x] + 1);
        for (int i = last; i >= 1; i--) {
            LargestComponent c = omega[i];
            for (int k = 0; k < c.otherRunCount(); k++) {
                int s = c.otherRunStart(k);
                java.util.Arrays.fill(index, s, s + c.otherRunLength(k), (byte) i);
            }
        }
        return new Assignment(index, last);
    }
}
