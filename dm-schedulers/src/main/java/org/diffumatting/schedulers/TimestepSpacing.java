package org.diffumatting.schedulers;

import org.diffumatting.common.DmException;

/**
 * The {@code timestep_spacing} values: how n inference timesteps are picked among the N training timesteps
 * (Lin et al. 2023, arXiv 2305.08891, Table 2). Each diffusers scheduler family writes the rule slightly
 * differently; the three variants live here, side by side, and are named after the families that use them.
 *
 * <p>Rounding is numpy's round-half-to-even ({@link Math#rint}), as diffusers rounds with numpy.
 */
public enum TimestepSpacing {
    /** Evenly spaced over [0, N-1] including both ends. */
    LINSPACE("linspace"),
    /** Multiples of N // n starting at 0 (the last step is 0 + steps_offset), the original DDIM/SD choice. */
    LEADING("leading"),
    /** Multiples of N / n counted down from N, minus 1: always starts at N-1 (needed with zero terminal SNR). */
    TRAILING("trailing");

    private final String key;

    TimestepSpacing(String key) {
        this.key = key;
    }

    /** The value as written in scheduler_config.json. */
    public String key() {
        return key;
    }

    /** Parses a {@code timestep_spacing} value; anything else is a {@link DmException} naming the key. */
    public static TimestepSpacing parse(String value) {
        for (TimestepSpacing s : values()) {
            if (s.key.equals(value)) return s;
        }
        throw new DmException("scheduler config key 'timestep_spacing': unsupported value '" + value
                + "' (expected linspace, leading or trailing)");
    }

    /**
     * Integer timesteps of DDPMScheduler and DDIMScheduler ({@code set_timesteps}), descending.
     *
     * @param numTrain N
     * @param n inference steps, 1..N
     * @param stepsOffset added to "leading" timesteps only
     */
    public long[] discrete(int numTrain, int n, int stepsOffset) {
        checkSteps(numTrain, n);
        double[] t = switch (this) {
            case LINSPACE -> Grid.reverse(Grid.linspace(0, numTrain - 1, n));
            case LEADING -> leading(numTrain / n, n, stepsOffset);
            case TRAILING -> minusOne(Grid.roundedDescendingArange(numTrain, (double) numTrain / n));
        };
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) out[i] = (long) Math.rint(t[i]);
        return out;
    }

    /**
     * Float timesteps of EulerDiscreteScheduler and EulerAncestralDiscreteScheduler, descending. "linspace"
     * keeps fractional values (rounded to float32, not to integers), the other two are integers.
     */
    public double[] euler(int numTrain, int n, int stepsOffset) {
        checkSteps(numTrain, n);
        double[] t = switch (this) {
            case LINSPACE -> Grid.reverse(Grid.linspace(0, numTrain - 1, n));
            case LEADING -> leading(numTrain / n, n, stepsOffset);
            case TRAILING -> minusOne(Grid.roundedDescendingArange(numTrain, (double) numTrain / n));
        };
        for (int i = 0; i < t.length; i++) t[i] = (float) t[i];
        return t;
    }

    /**
     * Integer timesteps of DPMSolverMultistepScheduler: "linspace" and "leading" lay n + 1 points over
     * [0, lastTimestep) and drop the final one; "trailing" counts down from lastTimestep by N / n.
     *
     * @param lastTimestep N minus the timesteps clipped by {@code lambda_min_clipped}
     */
    public long[] dpmSolver(int numTrain, int lastTimestep, int n, int stepsOffset) {
        checkSteps(numTrain, n);
        double[] t = switch (this) {
            case LINSPACE -> {
                double[] all = Grid.reverse(Grid.linspace(0, lastTimestep - 1, n + 1));
                yield java.util.Arrays.copyOf(all, n);
            }
            case LEADING -> {
                int ratio = lastTimestep / (n + 1);
                double[] all = leading(ratio, n + 1, stepsOffset);
                yield java.util.Arrays.copyOf(all, n);
            }
            case TRAILING -> minusOne(Grid.roundedDescendingArange(lastTimestep, (double) numTrain / n));
        };
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) out[i] = (long) Math.rint(t[i]);
        return out;
    }

    /** (arange(0, count) * ratio)[::-1] + offset. */
    private static double[] leading(int ratio, int count, int offset) {
        double[] t = new double[count];
        for (int i = 0; i < count; i++) t[i] = (double) (count - 1 - i) * ratio + offset;
        return t;
    }

    private static double[] minusOne(double[] t) {
        for (int i = 0; i < t.length; i++) t[i] -= 1;
        return t;
    }

    private static void checkSteps(int numTrain, int n) {
        if (n < 1 || n > numTrain) {
            throw new IllegalArgumentException("num_inference_steps " + n + " must be in [1, num_train_timesteps="
                    + numTrain + "]");
        }
    }
}
