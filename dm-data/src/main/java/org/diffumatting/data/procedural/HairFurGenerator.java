package org.diffumatting.data.procedural;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.diffumatting.data.build.SampleRng;

/**
 * Hair strands and fur balls. A hair lock is a bundle of cubic Bezier strands hanging from a short
 * root arc, swaying with a shared wave plus per-strand jitter; a fur ball is an opaque core disc
 * with short curved hairs radiating from it. Strands are 0.25-0.9 px wide (tapering to the tip), so
 * almost all their pixels are fractional: alpha comes from supersampled coverage.
 */
public final class HairFurGenerator implements ProceduralGenerator {
    @Override
    public String name() {
        return "hair";
    }

    @Override
    public int defaultSupersampling() {
        return 8;
    }

    /** One strand: cubic Bezier control points in [0,1] canvas units, widths in units of size/128 px. */
    private record Strand(double[] c, double w0, double w1, float[] rgb, double opacity) {}

    @Override
    public Generated generate(int size, int ss, SampleRng rng) {
        boolean fur = rng.chance(0.45);
        Palette col = Palette.pick(Palette.HAIR, rng);
        List<Strand> strands = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        double coreR = 0, cx = rng.uniform(0.42, 0.58), cy = rng.uniform(0.42, 0.58);
        if (fur) {
            coreR = rng.uniform(0.12, 0.22);
            double len = rng.uniform(0.08, 0.2);
            int count = rng.between(500, 1100);
            double curl = rng.uniform(0.0, 0.6);
            for (int k = 0; k < count; k++) {
                double th = rng.uniform(0, 2 * Math.PI), l = len * rng.uniform(0.6, 1.2);
                double r0 = coreR * rng.uniform(0.7, 0.98);
                double bend = curl * rng.uniform(-1, 1);
                double ux = Math.cos(th), uy = Math.sin(th), vx = -uy, vy = ux;
                double x0 = cx + ux * r0, y0 = cy + uy * r0;
                double[] c = {x0, y0, x0 + ux * l * 0.35 + vx * bend * l * 0.2, y0 + uy * l * 0.35 + vy * bend * l * 0.2,
                        x0 + ux * l * 0.7 + vx * bend * l * 0.45, y0 + uy * l * 0.7 + vy * bend * l * 0.45,
                        x0 + ux * l + vx * bend * l * 0.6, y0 + uy * l + vy * bend * l * 0.6 + l * 0.15 * rng.uniform(0, 1)};
                strands.add(new Strand(c, rng.uniform(0.35, 0.9), 0.15, col.shade(rng.uniform(0.7, 1.3)), rng.uniform(0.75, 1.0)));
            }
            params.put("kind", "fur ball");
            params.put("core_radius", round(coreR));
            params.put("hair_length", round(len));
            params.put("hairs", count);
        } else {
            int count = rng.between(90, 260);
            double top = rng.uniform(0.08, 0.18), bottom = rng.uniform(0.78, 0.94);
            double spread = rng.uniform(0.06, 0.2), fan = rng.uniform(0.0, 0.25);
            double wave = rng.uniform(0.0, 0.12), phase = rng.uniform(0, Math.PI * 2);
            for (int k = 0; k < count; k++) {
                double u = rng.uniform(-1, 1);
                double x0 = cx + u * spread, y0 = top + rng.uniform(0, 0.04);
                double yEnd = bottom - rng.uniform(0, 0.25);
                double xEnd = cx + u * (spread + fan) + rng.uniform(-0.03, 0.03);
                double h = yEnd - y0;
                double[] c = {x0, y0,
                        x0 + wave * Math.sin(phase) + rng.uniform(-0.02, 0.02), y0 + h / 3,
                        xEnd + wave * Math.sin(phase + 2) + rng.uniform(-0.02, 0.02), y0 + 2 * h / 3,
                        xEnd + wave * 0.5 * Math.sin(phase + 4), yEnd};
                strands.add(new Strand(c, rng.uniform(0.3, 0.85), 0.12, col.shade(rng.uniform(0.65, 1.35)), rng.uniform(0.6, 1.0)));
            }
            params.put("kind", "hair lock");
            params.put("strands", count);
            params.put("wave", round(wave));
        }
        params.put("colour", col.name());

        SuperCanvas cv = new SuperCanvas(size, ss);
        double scale = size;
        double px = size / 128.0; // widths are specified at 128 px
        if (fur) {
            float[] core = col.shade(0.8);
            cv.capsule(cx * scale, cy * scale, cx * scale, cy * scale, coreR * scale, coreR * scale, core, 1.0);
        }
        for (Strand s : strands) {
            int segs = 12;
            double[] xs = new double[segs + 1], ys = new double[segs + 1];
            for (int i = 0; i <= segs; i++) {
                double t = i / (double) segs, a = (1 - t) * (1 - t) * (1 - t), b = 3 * (1 - t) * (1 - t) * t, c = 3 * (1 - t) * t * t, d = t * t * t;
                xs[i] = (a * s.c[0] + b * s.c[2] + c * s.c[4] + d * s.c[6]) * scale;
                ys[i] = (a * s.c[1] + b * s.c[3] + c * s.c[5] + d * s.c[7]) * scale;
            }
            cv.polyline(xs, ys, s.w0 * px, s.w1 * px, s.rgb, s.opacity);
        }
        String c = col.name();
        String caption = fur
                ? pick(rng, "a fluffy " + c + " fur ball", "a round " + c + " pompom with soft fur", "a ball of " + c + " fur",
                "a furry " + c + " puffball")
                : pick(rng, "a lock of " + c + " hair", c + " hair strands", "a strand of flowing " + c + " hair",
                "a tuft of " + c + " hair");
        return new Generated(cv.downsample(), caption, params);
    }

    static String pick(SampleRng rng, String... options) {
        return options[rng.nextInt(options.length)];
    }

    static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
