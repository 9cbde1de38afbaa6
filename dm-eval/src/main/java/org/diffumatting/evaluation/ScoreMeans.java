package org.diffumatting.evaluation;

import org.diffumatting.matting.metrics.MattingScores;

/**
 * Running means of SAD, MSE, MAD, Grad and Conn over samples. An undefined value (NaN: DIM MSE/MAD of a trimap
 * without unknown pixels) is left out of that metric's mean; {@link #count(int)} says how many values each holds.
 */
public final class ScoreMeans {
    private final double[] sum = new double[MattingScores.METRICS.size()];
    private final int[] n = new int[MattingScores.METRICS.size()];

    public void add(MattingScores s) {
        for (int k = 0; k < sum.length; k++) {
            double v = s.get(MattingScores.METRICS.get(k));
            if (Double.isNaN(v)) continue;
            sum[k] += v;
            n[k]++;
        }
    }

    /** Mean of metric k (index into {@link MattingScores#METRICS}), NaN when no value was added. */
    public double mean(int k) {
        return n[k] == 0 ? Double.NaN : sum[k] / n[k];
    }

    public double mean(String metric) {
        return mean(MattingScores.METRICS.indexOf(metric));
    }

    public int count(int k) {
        return n[k];
    }
}
