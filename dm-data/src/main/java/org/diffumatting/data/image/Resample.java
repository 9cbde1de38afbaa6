package org.diffumatting.data.image;

/**
 * Resizing and affine warping of premultiplied {@link RgbaImage}s.
 * <ul>
 *   <li>{@link #area}: exact box-filter (pixel-area overlap) weights, separable; right for shrinking.</li>
 *   <li>{@link #bilinear}: bilinear interpolation at pixel centres; right for enlarging.</li>
 *   <li>{@link #warp}: inverse affine mapping of output pixel centres into the source, bilinear,
 *       transparent outside.</li>
 * </ul>
 */
public final class Resample {
    private Resample() {}

    /** Shrinks (or enlarges) to {@code w x h}: area weights when shrinking, bilinear when enlarging. */
    public static RgbaImage resize(RgbaImage src, int w, int h) {
        if (w == src.width() && h == src.height()) return src;
        if (w <= src.width() && h <= src.height()) return area(src, w, h);
        return bilinear(src, w, h);
    }

    /** Box-filter resampling: each output pixel averages the source area it covers. */
    public static RgbaImage area(RgbaImage src, int w, int h) {
        float[] tmp = areaAxis(src.p(), src.width(), src.height(), w, true);   // [h_src, w, 4]
        float[] out = areaAxis(tmp, w, src.height(), h, false);              // [h, w, 4]
        return new RgbaImage(w, h, out);
    }

    /** One separable pass; horizontal when {@code alongX}. */
    private static float[] areaAxis(float[] in, int inW, int inH, int outN, boolean alongX) {
        int inN = alongX ? inW : inH;
        int other = alongX ? inH : inW;
        int outW = alongX ? outN : inW, outH = alongX ? inH : outN;
        float[] out = new float[outW * outH * 4];
        double scale = inN / (double) outN;
        for (int o = 0; o < outN; o++) {
            double a = o * scale, b = (o + 1) * scale;
            int i0 = (int) Math.floor(a), i1 = Math.min(inN, (int) Math.ceil(b));
            for (int i = i0; i < i1; i++) {
                double wgt = (Math.min(b, i + 1) - Math.max(a, i)) / scale;
                if (wgt <= 0) continue;
                float fw = (float) wgt;
                for (int k = 0; k < other; k++) {
                    int si = alongX ? (k * inW + i) * 4 : (i * inW + k) * 4;
                    int di = alongX ? (k * outW + o) * 4 : (o * outW + k) * 4;
                    out[di] += fw * in[si];
                    out[di + 1] += fw * in[si + 1];
                    out[di + 2] += fw * in[si + 2];
                    out[di + 3] += fw * in[si + 3];
                }
            }
        }
        return out;
    }

    /** Bilinear resize (pixel-centre aligned). */
    public static RgbaImage bilinear(RgbaImage src, int w, int h) {
        double sx = src.width() / (double) w, sy = src.height() / (double) h;
        // source = scale * (dest + 0.5) - 0.5
        return warp(src, w, h, new double[] {sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5}, true);
    }

    /**
     * Affine warp: output pixel (x, y) samples the source at (m0 x + m1 y + m2, m3 x + m4 y + m5),
     * where (x, y) are output pixel centres when {@code centred} is false the caller already added 0.5.
     * Coordinates are in source pixel units with pixel (i, j) centred at (i, j).
     */
    public static RgbaImage warp(RgbaImage src, int w, int h, double[] m, boolean integerCentres) {
        float[] out = new float[w * h * 4];
        float[] s = src.p();
        int sw = src.width(), sh = src.height();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double ux = x, uy = y;
                if (!integerCentres) {
                    ux += 0.5;
                    uy += 0.5;
                }
                double fx = m[0] * ux + m[1] * uy + m[2];
                double fy = m[3] * ux + m[4] * uy + m[5];
                int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy);
                if (x0 < -1 || y0 < -1 || x0 >= sw || y0 >= sh) continue;
                float tx = (float) (fx - x0), ty = (float) (fy - y0);
                int di = (y * w + x) * 4;
                for (int dy = 0; dy < 2; dy++) {
                    int yy = y0 + dy;
                    if (yy < 0 || yy >= sh) continue;
                    float wy = dy == 0 ? 1 - ty : ty;
                    for (int dx = 0; dx < 2; dx++) {
                        int xx = x0 + dx;
                        if (xx < 0 || xx >= sw) continue;
                        float wgt = wy * (dx == 0 ? 1 - tx : tx);
                        if (wgt == 0) continue;
                        int si = (yy * sw + xx) * 4;
                        out[di] += wgt * s[si];
                        out[di + 1] += wgt * s[si + 1];
                        out[di + 2] += wgt * s[si + 2];
                        out[di + 3] += wgt * s[si + 3];
                    }
                }
            }
        }
        return new RgbaImage(w, h, out);
    }
}
