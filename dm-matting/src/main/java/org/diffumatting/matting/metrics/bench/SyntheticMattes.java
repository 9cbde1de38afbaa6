package org.diffumatting.matting.metrics.bench;

import java.util.SplittableRandom;
import org.diffumatting.matting.AlphaMap;

/**
 * Deterministic realistic test mattes for benchmarks: a ground truth of smooth blobs with soft edges plus
 * hair-like strands (thin sinusoidal curves of partial opacity), a prediction that is a shifted, blurred, noisy
 * copy with a few spurious specks, and a trimap (0 / 128 / 255) whose unknown band is the soft region of the
 * ground truth dilated by {@code size / 100} pixels. All alphas are quantised to k/255 like 8-bit files.
 */
public final class SyntheticMattes {
    private SyntheticMattes() {}

    /** A benchmark input: prediction, ground truth and trimap of the same size. */
    public record Triple(AlphaMap pred, AlphaMap gt, AlphaMap trimap) {}

    public static Triple generate(int width, int height, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] gt = new double[width * height];
        int blobs = 2 + rnd.nextInt(3);
        for (int b = 0; b < blobs; b++) {
            double cx = (0.2 + 0.6 * rnd.nextDouble()) * width, cy = (0.2 + 0.6 * rnd.nextDouble()) * height;
            double rx = (0.12 + 0.2 * rnd.nextDouble()) * width, ry = (0.12 + 0.2 * rnd.nextDouble()) * height;
            double soft = 0.03 + 0.1 * rnd.nextDouble(); // edge width relative to the radius
            for (int y = 0; y < height; y++) {
                double dy = (y - cy) / ry;
                for (int x = 0; x < width; x++) {
                    double dx = (x - cx) / rx;
                    double v = clip((1.0 - Math.sqrt(dx * dx + dy * dy)) / soft + 0.5);
                    int i = y * width + x;
                    if (v > gt[i]) gt[i] = v;
                }
            }
        }
        int strands = 20 + rnd.nextInt(20);
        for (int s = 0; s < strands; s++) {
            double x0 = rnd.nextDouble() * width, amp = 2 + rnd.nextDouble() * width / 20.0;
            double freq = (0.5 + 3 * rnd.nextDouble()) * 2 * Math.PI / height, phase = rnd.nextDouble() * 2 * Math.PI;
            double halfWidth = 0.5 + 1.5 * rnd.nextDouble(), opacity = 0.3 + 0.7 * rnd.nextDouble();
            int yTop = (int) (rnd.nextDouble() * height / 2), yBottom = yTop + (int) (height * (0.2 + 0.5 * rnd.nextDouble()));
            for (int y = yTop; y < Math.min(height, yBottom); y++) {
                double centre = x0 + amp * Math.sin(freq * y + phase);
                int xa = (int) Math.floor(centre - 4 * halfWidth), xb = (int) Math.ceil(centre + 4 * halfWidth);
                for (int x = Math.max(0, xa); x <= Math.min(width - 1, xb); x++) {
                    double t = (x - centre) / halfWidth;
                    double v = opacity * Math.exp(-t * t);
                    int i = y * width + x;
                    if (v > gt[i]) gt[i] = v;
                }
            }
        }
        quantise(gt);

        // prediction: shift by (1, 1), 3x3 box blur, low-frequency noise (bilinear from a coarse grid), specks
        double[] shifted = new double[gt.length];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                shifted[y * width + x] = gt[Math.max(0, y - 1) * width + Math.max(0, x - 1)];
        double[] pred = boxBlur3(shifted, width, height);
        int cell = Math.max(2, Math.min(width, height) / 64);
        int gw = width / cell + 2, gh = height / cell + 2;
        double[] grid = new double[gw * gh];
        for (int i = 0; i < grid.length; i++) grid[i] = 0.06 * (rnd.nextDouble() * 2 - 1);
        for (int y = 0; y < height; y++) {
            double fy = (double) y / cell;
            int gy = (int) fy;
            double ty = fy - gy;
            for (int x = 0; x < width; x++) {
                double fx = (double) x / cell;
                int gx = (int) fx;
                double tx = fx - gx;
                double n = (1 - ty) * ((1 - tx) * grid[gy * gw + gx] + tx * grid[gy * gw + gx + 1])
                        + ty * ((1 - tx) * grid[(gy + 1) * gw + gx] + tx * grid[(gy + 1) * gw + gx + 1]);
                int i = y * width + x;
                pred[i] = clip(pred[i] + n);
            }
        }
        int specks = 10 + rnd.nextInt(20);
        for (int k = 0; k < specks; k++) {
            int sx = rnd.nextInt(width), sy = rnd.nextInt(height), sz = 1 + rnd.nextInt(4);
            double v = 0.2 + 0.8 * rnd.nextDouble();
            for (int y = sy; y < Math.min(height, sy + sz); y++)
                for (int x = sx; x < Math.min(width, sx + sz); x++) pred[y * width + x] = v;
        }
        quantise(pred);
        return new Triple(new AlphaMap(width, height, pred), new AlphaMap(width, height, gt),
                new AlphaMap(width, height, trimap(gt, width, height, Math.max(1, Math.min(width, height) / 100))));
    }

    /** 0 where gt == 0, 1 where gt == 1, 128/255 on the soft region dilated by a (2r+1)^2 square. */
    static double[] trimap(double[] gt, int w, int h, int r) {
        boolean[] soft = new boolean[gt.length];
        for (int i = 0; i < gt.length; i++) soft[i] = gt[i] > 0 && gt[i] < 1;
        boolean[] rows = new boolean[gt.length];
        for (int y = 0; y < h; y++) { // running count over a window of 2r+1 along x
            int count = 0;
            for (int x = 0; x < Math.min(w, r); x++) if (soft[y * w + x]) count++;
            for (int x = 0; x < w; x++) {
                if (x + r < w && soft[y * w + x + r]) count++;
                if (x - r - 1 >= 0 && soft[y * w + x - r - 1]) count--;
                rows[y * w + x] = count > 0;
            }
        }
        double[] t = new double[gt.length];
        for (int x = 0; x < w; x++) {
            int count = 0;
            for (int y = 0; y < Math.min(h, r); y++) if (rows[y * w + x]) count++;
            for (int y = 0; y < h; y++) {
                if (y + r < h && rows[(y + r) * w + x]) count++;
                if (y - r - 1 >= 0 && rows[(y - r - 1) * w + x]) count--;
                int i = y * w + x;
                t[i] = count > 0 ? 128 / 255.0 : (gt[i] >= 0.5 ? 1.0 : 0.0);
            }
        }
        return t;
    }

    private static double[] boxBlur3(double[] a, int w, int h) {
        double[] out = new double[a.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                        s += a[Math.min(h - 1, Math.max(0, y + dy)) * w + Math.min(w - 1, Math.max(0, x + dx))];
                out[y * w + x] = s / 9.0;
            }
        }
        return out;
    }

    private static void quantise(double[] a) {
        for (int i = 0; i < a.length; i++) a[i] = Math.round(clip(a[i]) * 255.0) / 255.0;
    }

    private static double clip(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
