package org.diffumatting.matting.metrics;

/**
 * The five matting numbers of one prediction, computed under {@link #convention()} (docs/METRICS.md).
 * Region and scale of each number depend on the convention:
 * <ul>
 *   <li>{@code sad}: sum of |p - g| over the region, divided by 1000 (DIM: U; WHOLE, WHOLE_TRIMAP: all pixels).</li>
 *   <li>{@code mse}: sum of (p - g)^2 divided by the pixel count (DIM: over U / |U|; WHOLE: mean over the image;
 *       WHOLE_TRIMAP: whole-image sum / |U|).</li>
 *   <li>{@code mad}: as {@code mse} with |p - g|.</li>
 *   <li>{@code grad}: sum of squared gradient-magnitude differences; DIM: over U / 1000 with the MATLAB
 *       gaussgradient on mat2gray-normalised mattes; WHOLE and WHOLE_TRIMAP: whole image / 10 with scipy's
 *       Gaussian derivative.</li>
 *   <li>{@code conn}: connectivity error, DIM: over U / 1000; WHOLE and WHOLE_TRIMAP: whole image / 1000.</li>
 * </ul>
 * An undefined value is {@link Double#NaN}: MSE and MAD when the trimap has no unknown pixel (0/0 in the
 * original code) under DIM and WHOLE_TRIMAP; SAD, Grad and Conn are then 0 (empty sums). JSON writes NaN as null.
 */
public record MattingScores(Convention convention, double sad, double mse, double mad, double grad, double conn) {

    /** The value of a metric by its lower-case name (sad, mse, mad, grad, conn). */
    public double get(String metric) {
        return switch (metric) {
            case "sad" -> sad;
            case "mse" -> mse;
            case "mad" -> mad;
            case "grad" -> grad;
            case "conn" -> conn;
            default -> throw new IllegalArgumentException("unknown metric '" + metric + "'");
        };
    }

    /** Metric names in report order. */
    public static final java.util.List<String> METRICS = java.util.List.of("sad", "mse", "mad", "grad", "conn");
}
