package org.diffumatting.matting.metrics;

/**
 * The connectivity thresholds t_i of the matting Conn metric, bit-for-bit as numpy's
 * {@code np.arange(0, 1.1, 0.1)}: numpy fills an arange as start + i * delta with delta = (start + step) - start,
 * so t_i = i * 0.1 in double precision (t_3 = 0.30000000000000004, t_6 = 0.6000000000000001,
 * t_7 = 0.7000000000000001). These exact values decide ties: 153/255 == 0.6 is below t_6.
 */
public final class ThresholdSteps {
    private ThresholdSteps() {}

    /** Number of thresholds t_0..t_10. */
    public static final int COUNT = 11;

    private static final double[] T = new double[COUNT];

    static {
        for (int i = 0; i < COUNT; i++) T[i] = 0.0 + i * 0.1;
    }

    /** t_i for i in 0..10. */
    public static double t(int i) {
        return T[i];
    }

    /**
     * The number of thresholds t_1..t_10 that v reaches: max i with v >= t_i (0 if v < t_1).
     * Pixel x lies in the level set (p >= t_i) & (g >= t_i) exactly when i <= level(min(p, g)).
     */
    public static int level(double v) {
        int c = (int) (v * 10.0);
        if (c < 0) c = 0;
        if (c > COUNT - 1) c = COUNT - 1;
        while (c < COUNT - 1 && v >= T[c + 1]) c++;
        while (c > 0 && v < T[c]) c--;
        return c;
    }
}
