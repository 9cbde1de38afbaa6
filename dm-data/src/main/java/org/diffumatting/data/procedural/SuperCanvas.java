package org.diffumatting.data.procedural;

import org.diffumatting.data.image.RgbaImage;

/**
 * A supersampled drawing surface for the procedural generators. Coordinates are continuous, in
 * output-pixel units ([0, size] on both axes); every output pixel holds {@code ss x ss} point
 * samples at ((i + 0.5) / ss, (j + 0.5) / ss). Shapes are point-sampled (inside / outside, or a
 * field's value at the sample point) and composited "over" in premultiplied form; {@link #downsample}
 * averages each pixel's samples, so alpha is the shape's coverage integrated by the midpoint rule,
 * converging to the exact area coverage as ss grows (tests compare ss with 2 ss or more).
 *
 * <p>Strokes are composited once per sample even where their segments overlap (a per-stroke stamp
 * buffer), so a half-transparent strand has uniform opacity along its length.
 */
public final class SuperCanvas {
    /** A colour field: writes straight (r, g, b, a) at a point into {@code out}; a = 0 for nothing. */
    @FunctionalInterface
    public interface Field {
        void eval(double x, double y, float[] out);
    }

    private final int size, ss, n;
    private final float[] p;    // [n, n, 4] premultiplied samples
    private final int[] stamp;  // last stroke id that covered each sample
    private int strokeId = 0;
    private int strokeDepth = 0;

    public SuperCanvas(int size, int ss) {
        if (size <= 0 || ss <= 0) throw new IllegalArgumentException("size and ss must be positive");
        this.size = size;
        this.ss = ss;
        this.n = size * ss;
        this.p = new float[n * n * 4];
        this.stamp = new int[n * n];
    }

    public int size() {
        return size;
    }

    public int ss() {
        return ss;
    }

    private void over(int idx, float r, float g, float b, float a) {
        int i = idx * 4;
        float k = 1 - a;
        p[i] = r * a + p[i] * k;
        p[i + 1] = g * a + p[i + 1] * k;
        p[i + 2] = b * a + p[i + 2] * k;
        p[i + 3] = a + p[i + 3] * k;
    }

    /** Starts a stroke: samples covered by several of its parts are composited once. */
    public void beginStroke() {
        if (strokeDepth++ == 0) strokeId++;
    }

    public void endStroke() {
        strokeDepth--;
    }

    /** A tapered capsule (segment with radius r0 at its start and r1 at its end), flat colour and opacity. */
    public void capsule(double x0, double y0, double x1, double y1, double r0, double r1, float[] rgb, double opacity) {
        boolean own = strokeDepth == 0;
        if (own) beginStroke();
        double rmax = Math.max(r0, r1);
        int i0 = clampIdx(Math.floor((Math.min(x0, x1) - rmax) * ss)), i1 = clampIdx(Math.ceil((Math.max(x0, x1) + rmax) * ss));
        int j0 = clampIdx(Math.floor((Math.min(y0, y1) - rmax) * ss)), j1 = clampIdx(Math.ceil((Math.max(y0, y1) + rmax) * ss));
        double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
        float a = (float) opacity;
        for (int j = j0; j < j1; j++) {
            double y = (j + 0.5) / ss;
            for (int i = i0; i < i1; i++) {
                int idx = j * n + i;
                if (stamp[idx] == strokeId) continue;
                double x = (i + 0.5) / ss;
                double t = len2 == 0 ? 0 : ((x - x0) * dx + (y - y0) * dy) / len2;
                t = t < 0 ? 0 : Math.min(1, t);
                double ex = x - (x0 + t * dx), ey = y - (y0 + t * dy);
                double r = r0 + (r1 - r0) * t;
                if (ex * ex + ey * ey <= r * r) {
                    stamp[idx] = strokeId;
                    over(idx, rgb[0], rgb[1], rgb[2], a);
                }
            }
        }
        if (own) endStroke();
    }

    /** A polyline stroke with width tapering linearly from w0 to w1 (full widths, pixels). */
    public void polyline(double[] xs, double[] ys, double w0, double w1, float[] rgb, double opacity) {
        beginStroke();
        int m = xs.length - 1;
        for (int k = 0; k < m; k++) {
            double ra = 0.5 * (w0 + (w1 - w0) * k / m), rb = 0.5 * (w0 + (w1 - w0) * (k + 1) / m);
            capsule(xs[k], ys[k], xs[k + 1], ys[k + 1], ra, rb, rgb, opacity);
        }
        endStroke();
    }

    /** Evaluates a field at every sample inside the box [x0, x1) x [y0, y1) and composites it over. */
    public void field(double x0, double y0, double x1, double y1, Field f) {
        int i0 = clampIdx(Math.floor(x0 * ss)), i1 = clampIdx(Math.ceil(x1 * ss));
        int j0 = clampIdx(Math.floor(y0 * ss)), j1 = clampIdx(Math.ceil(y1 * ss));
        float[] out = new float[4];
        for (int j = j0; j < j1; j++) {
            double y = (j + 0.5) / ss;
            for (int i = i0; i < i1; i++) {
                out[3] = 0;
                f.eval((i + 0.5) / ss, y, out);
                if (out[3] > 0) over(j * n + i, out[0], out[1], out[2], Math.min(1f, out[3]));
            }
        }
    }

    private int clampIdx(double v) {
        return (int) Math.max(0, Math.min(n, v));
    }

    /** Box-averages each pixel's ss x ss samples (premultiplied). */
    public RgbaImage downsample() {
        float[] out = new float[size * size * 4];
        float inv = 1f / (ss * ss);
        for (int j = 0; j < n; j++) {
            int oy = j / ss;
            for (int i = 0; i < n; i++) {
                int src = (j * n + i) * 4, dst = (oy * size + i / ss) * 4;
                out[dst] += p[src];
                out[dst + 1] += p[src + 1];
                out[dst + 2] += p[src + 2];
                out[dst + 3] += p[src + 3];
            }
        }
        for (int k = 0; k < out.length; k++) out[k] = Math.min(1f, out[k] * inv);
        return new RgbaImage(size, size, out);
    }
}
