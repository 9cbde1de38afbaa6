package org.diffumatting.matting.trimap;

import org.diffumatting.matting.AlphaMap;

/**
 * Trimap from a ground-truth alpha matte.
 *
 * <p>Sets, with A the alpha matte and r = {@link Options#band()} (pixels):
 * <ul>
 *   <li>O = {A == 1} (opaque), T = {A > 0} (touched), S = {0 < A < 1} (soft);</li>
 *   <li>the structuring element K_r is the disk {dx^2 + dy^2 <= r^2} ({@link Kernel#DISK}, default) or the square
 *       {max(|dx|, |dy|) <= r} ({@link Kernel#SQUARE}); dilate(X) = pixels within K_r of a pixel of X;
 *       erode(X) = complement of dilate(complement of X). Only pixels inside the image count, so the image border
 *       itself never erodes the foreground (as OpenCV's default constant border for erode/dilate).</li>
 * </ul>
 * Modes:
 * <ul>
 *   <li>{@link Mode#ERODE_DILATE} (default, the Deep Image Matting / Composition-1k recipe):
 *       foreground 255 = erode(O), background 0 = complement of dilate(T), unknown 128 = the rest. The unknown
 *       region therefore holds every soft pixel plus a band of r pixels on both sides of every boundary between
 *       opaque and non-opaque, and between transparent and non-transparent pixels (hard 0/1 edges included).</li>
 *   <li>{@link Mode#SOFT_DILATE}: unknown = dilate(S) only; other pixels are foreground if A &gt;= 0.5, else
 *       background. Hard 0/1 edges without soft pixels get no unknown band.</li>
 * </ul>
 * r = 0 gives unknown = S exactly (both modes). Alpha 1 means exactly 1.0 (an 8-bit 255 or 16-bit 65535);
 * alpha 0 exactly 0.0. Constant mattes give constant trimaps (all 0 or all 255).
 */
public final class TrimapGenerator {
    private TrimapGenerator() {}

    /** Shape of the structuring element. */
    public enum Kernel { DISK, SQUARE }

    /** How the unknown region is formed (see the class documentation). */
    public enum Mode { ERODE_DILATE, SOFT_DILATE }

    /**
     * @param band   r, the radius in pixels of the structuring element (0 allowed)
     * @param kernel disk or square
     * @param mode   erode-dilate or soft-dilate
     */
    public record Options(int band, Kernel kernel, Mode mode) {
        public static final int DEFAULT_BAND = 10;

        public Options {
            if (band < 0) throw new IllegalArgumentException("trimap band must be >= 0, got " + band);
            if (kernel == null || mode == null) throw new IllegalArgumentException("trimap kernel and mode are required");
        }

        /** Band 10, disk, erode-dilate. */
        public static Options defaults() {
            return new Options(DEFAULT_BAND, Kernel.DISK, Mode.ERODE_DILATE);
        }

        public Options withBand(int newBand) {
            return new Options(newBand, kernel, mode);
        }
    }

    /** Builds the trimap of {@code alpha} with {@link Options#defaults()}. */
    public static Trimap generate(AlphaMap alpha) {
        return generate(alpha, Options.defaults());
    }

    public static Trimap generate(AlphaMap alpha, Options opt) {
        int w = alpha.width(), h = alpha.height(), n = w * h;
        double[] a = alpha.data();
        byte[] labels = new byte[n];
        if (opt.mode() == Mode.ERODE_DILATE) {
            boolean[] notOpaque = new boolean[n];
            boolean[] touched = new boolean[n];
            for (int i = 0; i < n; i++) {
                notOpaque[i] = !(a[i] >= 1.0);
                touched[i] = a[i] > 0.0;
            }
            boolean[] erodedAway = dilate(notOpaque, w, h, opt); // complement of erode(O)
            boolean[] near = dilate(touched, w, h, opt);          // dilate(T)
            for (int i = 0; i < n; i++) {
                int label = !erodedAway[i] ? Trimap.FOREGROUND : near[i] ? Trimap.UNKNOWN : Trimap.BACKGROUND;
                labels[i] = (byte) label;
            }
        } else {
            boolean[] soft = new boolean[n];
            for (int i = 0; i < n; i++) soft[i] = a[i] > 0.0 && a[i] < 1.0;
            boolean[] unknown = dilate(soft, w, h, opt);
            for (int i = 0; i < n; i++) {
                int label = unknown[i] ? Trimap.UNKNOWN : a[i] >= 0.5 ? Trimap.FOREGROUND : Trimap.BACKGROUND;
                labels[i] = (byte) label;
            }
        }
        return new Trimap(w, h, labels);
    }

    /** dilate(mask) with the kernel of {@code opt}; radius 0 returns a copy. */
    static boolean[] dilate(boolean[] mask, int w, int h, Options opt) {
        int r = opt.band();
        if (r == 0) return mask.clone();
        if (opt.kernel() == Kernel.SQUARE) return DistanceTransform.dilateSquare(mask, w, h, r);
        double[] d2 = DistanceTransform.squaredEuclidean(mask, w, h);
        boolean[] out = new boolean[mask.length];
        double r2 = (double) r * r;
        for (int i = 0; i < out.length; i++) out[i] = d2[i] <= r2;
        return out;
    }
}
