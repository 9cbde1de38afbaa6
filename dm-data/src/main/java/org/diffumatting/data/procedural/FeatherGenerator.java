package org.diffumatting.data.procedural;

import java.util.LinkedHashMap;
import java.util.Map;
import org.diffumatting.data.build.SampleRng;

/**
 * Feathers: a curved tapering shaft (rachis, quadratic Bezier) with barbs on both sides. Barb length
 * follows a vane profile (zero at the quill, widest around 40%, rounded tip); barbs leave the shaft at
 * 35-65 degrees towards the tip and bend slightly; the lower part is downy (sparser, lighter, more
 * transparent barbs). Barbs are 0.25-0.6 px wide, so the vane's alpha is fractional coverage.
 */
public final class FeatherGenerator implements ProceduralGenerator {
    @Override
    public String name() {
        return "feather";
    }

    @Override
    public int defaultSupersampling() {
        return 8;
    }

    @Override
    public Generated generate(int size, int ss, SampleRng rng) {
        Palette col = Palette.pick(Palette.FEATHER, rng);
        double ang = rng.uniform(-Math.PI, Math.PI), len = rng.uniform(0.62, 0.82);
        double cx = 0.5 + rng.uniform(-0.05, 0.05), cy = 0.5 + rng.uniform(-0.05, 0.05);
        double ux = Math.cos(ang), uy = Math.sin(ang), vx = -uy, vy = ux;
        double bend = rng.uniform(-0.12, 0.12);
        double bx = cx - ux * len / 2, by = cy - uy * len / 2; // quill end
        double tx = cx + ux * len / 2, ty = cy + uy * len / 2; // tip
        double mx = cx + vx * bend * len, my = cy + vy * bend * len;
        double width = rng.uniform(0.12, 0.22) * len / 0.7, barbAngle = Math.toRadians(rng.uniform(35, 65));
        int perSide = rng.between(70, 150);
        double barbCurve = rng.uniform(-0.25, 0.25);
        boolean split = rng.chance(0.3);
        int barbs = perSide * 2;
        double[][] b = new double[barbs][];
        for (int k = 0; k < barbs; k++) {
            int side = k % 2 == 0 ? 1 : -1;
            double t = 0.12 + 0.86 * (k / 2 + rng.uniform(0, 1)) / perSide;
            double prof = Math.pow(Math.sin(Math.PI * Math.min(1, t / 0.98)), 0.6) * (t < 0.4 ? 0.7 + 0.75 * t : 1.0);
            double l = width * prof * rng.uniform(0.85, 1.1) * (split && rng.chance(0.08) ? 0.6 : 1);
            double down = t < 0.35 ? 1 : 0;
            b[k] = new double[] {t, side, l, rng.uniform(0.25, 0.6), rng.uniform(0.8, 1.2), down, rng.uniform(-0.1, 0.1)};
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("colour", col.name());
        params.put("angle_deg", Math.round(Math.toDegrees(ang) * 100) / 100.0);
        params.put("length", Math.round(len * 1e4) / 1e4);
        params.put("barbs", barbs);

        SuperCanvas cv = new SuperCanvas(size, ss);
        double s = size, px = size / 128.0;
        for (double[] bb : b) {
            double t = bb[0], side = bb[1], l = bb[2] * s;
            // point and tangent of the shaft at t
            double qx = (1 - t) * (1 - t) * bx + 2 * (1 - t) * t * mx + t * t * tx;
            double qy = (1 - t) * (1 - t) * by + 2 * (1 - t) * t * my + t * t * ty;
            double dx = 2 * (1 - t) * (mx - bx) + 2 * t * (tx - mx), dy = 2 * (1 - t) * (my - by) + 2 * t * (ty - my);
            double dl = Math.hypot(dx, dy);
            dx /= dl;
            dy /= dl;
            double nx = -dy * side, ny = dx * side;
            double a = barbAngle + bb[6];
            double ex = Math.cos(a) * nx + Math.sin(a) * dx, ey = Math.cos(a) * ny + Math.sin(a) * dy;
            int segs = 6;
            double[] xs = new double[segs + 1], ys = new double[segs + 1];
            for (int i = 0; i <= segs; i++) {
                double u = i / (double) segs, c = barbCurve * u * u;
                xs[i] = qx * s + (ex * u + dx * c) * l;
                ys[i] = qy * s + (ey * u + dy * c) * l;
            }
            boolean down = bb[5] > 0;
            float[] rgb = down ? col.tint(0.35) : col.shade(bb[4]);
            cv.polyline(xs, ys, bb[3] * px, bb[3] * px * 0.5, rgb, down ? 0.55 : 0.9);
        }
        // shaft on top: 2.2 px at the quill tapering to 0.4 px at the tip
        int segs = 24;
        double[] xs = new double[segs + 1], ys = new double[segs + 1];
        for (int i = 0; i <= segs; i++) {
            double t = i / (double) segs;
            xs[i] = ((1 - t) * (1 - t) * bx + 2 * (1 - t) * t * mx + t * t * tx) * s;
            ys[i] = ((1 - t) * (1 - t) * by + 2 * (1 - t) * t * my + t * t * ty) * s;
        }
        cv.polyline(xs, ys, 2.2 * px, 0.4 * px, col.tint(0.5), 1.0);
        String c = col.name();
        String caption = HairFurGenerator.pick(rng, "a " + c + " feather", "a soft " + c + " bird feather",
                "a single fluffy " + c + " feather", "a light " + c + " plume");
        return new Generated(cv.downsample(), caption, params);
    }
}
