package org.diffumatting.data.procedural;

import java.util.LinkedHashMap;
import java.util.Map;
import org.diffumatting.data.build.SampleRng;

/**
 * Translucent glass and bubbles. A bubble (or glass marble) of radius R has opacity rising towards
 * its rim, alpha(r) = a0 + (a1 - a0) (r / R)^p (a thin film seen at grazing angles reflects more:
 * a Fresnel-like falloff), a thin-film tint that drifts with angle, and an opaque-ish specular
 * highlight. A drinking glass is a tumbler silhouette (tapered body, rounded bottom) with a faint
 * body, denser walls and rim, and vertical highlight streaks. Rim edges are supersampled.
 */
public final class GlassBubbleGenerator implements ProceduralGenerator {
    @Override
    public String name() {
        return "glass";
    }

    @Override
    public int defaultSupersampling() {
        return 6;
    }

    @Override
    public Generated generate(int size, int ss, SampleRng rng) {
        int kind = rng.nextInt(3); // 0 bubbles, 1 marble, 2 drinking glass
        Palette col = kind == 0 ? Palette.GLASS.get(0) : Palette.pick(Palette.GLASS, rng);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("colour", col.name());
        SuperCanvas cv = new SuperCanvas(size, ss);
        double s = size;
        String caption;
        if (kind == 2) {
            double cx = 0.5 + rng.uniform(-0.05, 0.05), top = rng.uniform(0.1, 0.2), bottom = rng.uniform(0.82, 0.9);
            double wTop = rng.uniform(0.2, 0.32), wBot = wTop * rng.uniform(0.65, 1.0), wall = rng.uniform(0.012, 0.03);
            double body = rng.uniform(0.08, 0.2), wallA = rng.uniform(0.45, 0.7), streak = rng.uniform(-0.6, -0.3);
            params.put("kind", "drinking glass");
            params.put("top_width", round(wTop));
            params.put("body_alpha", round(body));
            float[] c = col.rgb();
            cv.field(0, 0, size, size, (x, y, out) -> {
                double u = x / s - cx, v = y / s;
                if (v < top || v > bottom) return;
                double t = (v - top) / (bottom - top), half = wTop + (wBot - wTop) * t;
                double corner = 0.05, dy = v - (bottom - corner);
                if (dy > 0) half -= corner - Math.sqrt(Math.max(0, corner * corner - dy * dy));
                if (Math.abs(u) > half) return;
                double edge = half - Math.abs(u);
                double a = body;
                float[] rgb = c;
                if (edge < wall || bottom - v < wall * 1.5 || v - top < wall * 0.8) a = wallA;
                double su = u / half;
                if (Math.abs(su - streak) < 0.08) {
                    a = Math.max(a, 0.75);
                    rgb = new float[] {1f, 1f, 1f};
                }
                out[0] = rgb[0];
                out[1] = rgb[1];
                out[2] = rgb[2];
                out[3] = (float) a;
            });
            caption = HairFurGenerator.pick(rng, "an empty " + col.name() + " drinking glass", "a transparent " + col.name() + " glass tumbler",
                    "a clear " + col.name() + " glass cup");
        } else {
            int n = kind == 1 ? 1 : rng.between(1, 6);
            params.put("kind", kind == 1 ? "glass marble" : "soap bubbles");
            params.put("count", n);
            for (int k = 0; k < n; k++) {
                double r = kind == 1 ? rng.uniform(0.25, 0.38) : (n == 1 ? rng.uniform(0.25, 0.4) : rng.uniform(0.07, 0.2));
                double cx = rng.uniform(0.1 + r, 0.9 - r), cy = rng.uniform(0.1 + r, 0.9 - r);
                double a0 = kind == 1 ? rng.uniform(0.25, 0.45) : rng.uniform(0.03, 0.12);
                double a1 = kind == 1 ? rng.uniform(0.75, 0.95) : rng.uniform(0.5, 0.85);
                double pw = rng.uniform(2.5, 6.0), hue = rng.uniform(0, 2 * Math.PI);
                double hx = cx - r * 0.4, hy = cy - r * 0.45, hr = r * rng.uniform(0.12, 0.22);
                float[] base = col.rgb();
                boolean marble = kind == 1;
                cv.field((cx - r) * s - 1, (cy - r) * s - 1, (cx + r) * s + 1, (cy + r) * s + 1, (x, y, out) -> {
                    double u = x / s - cx, v = y / s - cy, rr = Math.sqrt(u * u + v * v) / r;
                    if (rr > 1) return;
                    double a = a0 + (a1 - a0) * Math.pow(rr, pw);
                    double th = Math.atan2(v, u);
                    float cr = base[0], cg = base[1], cb = base[2];
                    if (!marble) { // thin-film interference tint
                        cr = (float) (0.75 + 0.25 * Math.cos(th + hue));
                        cg = (float) (0.75 + 0.25 * Math.cos(th + hue + 2.1));
                        cb = (float) (0.8 + 0.2 * Math.cos(th + hue + 4.2));
                    }
                    double hd = Math.hypot(x / s - hx, y / s - hy) / hr;
                    if (hd < 1) {
                        double hl = 1 - hd * hd;
                        a = a + (0.95 - a) * hl;
                        cr += (float) ((1 - cr) * hl);
                        cg += (float) ((1 - cg) * hl);
                        cb += (float) ((1 - cb) * hl);
                    }
                    out[0] = cr;
                    out[1] = cg;
                    out[2] = cb;
                    out[3] = (float) a;
                });
            }
            caption = kind == 1
                    ? HairFurGenerator.pick(rng, "a translucent " + col.name() + " glass marble", "a " + col.name() + " glass ball",
                    "a shiny " + col.name() + " glass sphere")
                    : (n == 1 ? HairFurGenerator.pick(rng, "a transparent soap bubble", "a single iridescent soap bubble", "a floating bubble")
                    : HairFurGenerator.pick(rng, "a cluster of soap bubbles", "floating transparent bubbles", n + " iridescent soap bubbles"));
        }
        return new Generated(cv.downsample(), caption, params);
    }

    static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
