package org.diffumatting.data.build;

/**
 * Splits by source object: a sample's split depends only on its object's split group
 * (u = first 8 bytes of SHA-256("split/" + group) mapped to [0, 1); u < val -> val,
 * u < val + test -> test, else train). Every augmentation of an object, and every drawing of the
 * same emoji across emoji sets, lands in one split; the split does not change with the seed, so
 * builds with different seeds never leak test objects into training.
 */
public record SplitAssigner(double valFraction, double testFraction) {
    public SplitAssigner {
        if (valFraction < 0 || testFraction < 0 || valFraction + testFraction >= 1)
            throw new IllegalArgumentException("val and test fractions must be >= 0 and sum below 1: " + valFraction + ", " + testFraction);
    }

    public static final SplitAssigner DEFAULT = new SplitAssigner(0.05, 0.05);

    public String split(String group) {
        double u = (SampleRng.hash64("split/" + group) >>> 11) / (double) (1L << 53);
        if (u < valFraction) return "val";
        if (u < valFraction + testFraction) return "test";
        return "train";
    }
}
