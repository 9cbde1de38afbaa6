package org.diffumatting.data.build;

import java.util.LinkedHashMap;
import java.util.Map;
import org.diffumatting.data.image.Resample;
import org.diffumatting.data.image.RgbaImage;

/**
 * Seeded augmentation of a trimmed object onto a {@code size x size} transparent canvas:
 * scale (fraction of the free box), rotation, horizontal flip, position, and a colour jitter of
 * the object only (brightness, contrast, saturation; alpha untouched).
 *
 * <p>Geometry: the object (w x h, trimmed) is scaled by s so its larger side is
 * {@code scale * size * (1 - 2 margin)}; if rotating by theta makes its bounding box
 * (w s |cos| + h s |sin|, w s |sin| + h s |cos|) exceed the free box, s shrinks to fit. The
 * centre is uniform over positions that keep the rotated box inside the margins. Shrinking uses
 * area weights first, then one bilinear affine warp places it (premultiplied, so edges stay exact).
 */
public final class ObjectPlacer {

    /** Augmentation ranges; see {@link #DEFAULT}. */
    public record Ranges(double margin, double scaleMin, double scaleMax, double rotateProb, double maxRotateDeg,
                         double flipProb, double brightness, double contrast, double saturation) {}

    public static final Ranges DEFAULT = new Ranges(0.06, 0.62, 1.0, 0.5, 25, 0.5, 0.15, 0.15, 0.25);

    /** The placed object and the parameters drawn (recorded in the manifest). */
    public record Placed(RgbaImage canvas, Map<String, Object> params) {}

    private ObjectPlacer() {}

    public static Placed place(RgbaImage obj, int size, Ranges r, SampleRng rng) {
        double scale = rng.uniform(r.scaleMin(), r.scaleMax());
        double deg = rng.chance(r.rotateProb()) ? rng.uniform(-r.maxRotateDeg(), r.maxRotateDeg()) : 0.0;
        boolean flip = rng.chance(r.flipProb());
        double bright = 1 + rng.uniform(-r.brightness(), r.brightness());
        double contrast = 1 + rng.uniform(-r.contrast(), r.contrast());
        double sat = 1 + rng.uniform(-r.saturation(), r.saturation());
        double u = rng.uniform(0, 1), v = rng.uniform(0, 1);

        double free = size * (1 - 2 * r.margin());
        int w = obj.width(), h = obj.height();
        double s = scale * free / Math.max(w, h);
        double th = Math.toRadians(deg), c = Math.abs(Math.cos(th)), sn = Math.abs(Math.sin(th));
        double bw = (w * c + h * sn) * s, bh = (w * sn + h * c) * s;
        double fit = Math.min(1.0, Math.min(free / bw, free / bh));
        s *= fit;
        bw *= fit;
        bh *= fit;
        // pre-shrink by area weights to the final scale (so the warp below is about 1:1)
        RgbaImage src = obj;
        int sw = Math.max(1, (int) Math.round(w * s)), sh = Math.max(1, (int) Math.round(h * s));
        if (sw < w || sh < h) src = Resample.area(obj, sw, sh);
        double kx = src.width() / (w * s), ky = src.height() / (h * s); // src pixels per output pixel
        double lo = size * r.margin();
        double cx = lo + bw / 2 + u * Math.max(0, free - bw);
        double cy = lo + bh / 2 + v * Math.max(0, free - bh);
        // forward: p_out = C + R(theta) F (p_obj - c_obj) * s ; inverse maps output pixel centres (x+0.5) to src centres
        double cos = Math.cos(th), sin = Math.sin(th);
        double fx = flip ? -1 : 1;
        // inverse of rotation: [cos sin; -sin cos]; then un-flip; then into src pixel units
        double a00 = fx * cos * kx, a01 = fx * sin * kx;
        double a10 = -sin * ky, a11 = cos * ky;
        double ocx = src.width() / 2.0, ocy = src.height() / 2.0;
        // src_centre_coord = A (p - C) + o - 0.5 with p = (x + 0.5, y + 0.5)
        double[] m = {a00, a01, ocx - 0.5 - a00 * cx - a01 * cy + 0.5 * (a00 + a01),
                a10, a11, ocy - 0.5 - a10 * cx - a11 * cy + 0.5 * (a10 + a11)};
        RgbaImage placed = Resample.warp(src, size, size, m, true);
        jitter(placed, bright, contrast, sat);

        Map<String, Object> p = new LinkedHashMap<>();
        p.put("scale", round4(scale * fit));
        p.put("rotate_deg", round4(deg));
        p.put("flip", flip);
        p.put("center_x", round4(cx / size));
        p.put("center_y", round4(cy / size));
        p.put("brightness", round4(bright));
        p.put("contrast", round4(contrast));
        p.put("saturation", round4(sat));
        return new Placed(placed, p);
    }

    /** Colour jitter on straight colours of pixels with alpha > 0 (alpha unchanged). */
    static void jitter(RgbaImage img, double bright, double contrast, double sat) {
        float[] p = img.p();
        for (int i = 0; i < p.length; i += 4) {
            float a = p[i + 3];
            if (a <= 0) continue;
            double r = p[i] / a, g = p[i + 1] / a, b = p[i + 2] / a;
            r = ((r - 0.5) * contrast + 0.5) * bright;
            g = ((g - 0.5) * contrast + 0.5) * bright;
            b = ((b - 0.5) * contrast + 0.5) * bright;
            double lum = 0.299 * r + 0.587 * g + 0.114 * b;
            r = clamp(lum + (r - lum) * sat);
            g = clamp(lum + (g - lum) * sat);
            b = clamp(lum + (b - lum) * sat);
            p[i] = (float) (r * a);
            p[i + 1] = (float) (g * a);
            p[i + 2] = (float) (b * a);
        }
    }

    static double clamp(double v) {
        return v < 0 ? 0 : Math.min(1, v);
    }

    static double round4(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
