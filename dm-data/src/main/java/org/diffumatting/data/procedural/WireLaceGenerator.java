package org.diffumatting.data.procedural;

import java.util.LinkedHashMap;
import java.util.Map;
import org.diffumatting.data.build.SampleRng;

/**
 * Thin wire and lace. Wires are smooth random curves (sums of three sinusoids per axis) or a coil
 * spring (a projected helix), 0.45-1.8 px wide, with a metallic brightness that varies along the
 * length. Lace is a round doily: concentric thread rings, radial spokes, rings of small loops
 * between them and a scalloped border, all 0.35-0.9 px threads, so most of its alpha is fractional.
 */
public final class WireLaceGenerator implements ProceduralGenerator {
    @Override
    public String name() {
        return "wire";
    }

    @Override
    public int defaultSupersampling() {
        return 8;
    }

    @Override
    public Generated generate(int size, int ss, SampleRng rng) {
        double s = size, px = size / 128.0;
        SuperCanvas cv = new SuperCanvas(size, ss);
        Map<String, Object> params = new LinkedHashMap<>();
        int kind = rng.nextInt(3); // 0 wires, 1 spring, 2 lace
        String caption;
        if (kind == 2) {
            Palette col = Palette.pick(Palette.LACE, rng);
            double cx = 0.5 + rng.uniform(-0.04, 0.04), cy = 0.5 + rng.uniform(-0.04, 0.04), R = rng.uniform(0.3, 0.42);
            int rings = rng.between(3, 6), spokes = rng.between(10, 28), loops = rng.between(12, 30);
            double thread = rng.uniform(0.35, 0.9);
            params.put("kind", "lace doily");
            params.put("colour", col.name());
            params.put("rings", rings);
            params.put("spokes", spokes);
            float[] c = col.rgb();
            for (int i = 1; i <= rings; i++) circle(cv, cx * s, cy * s, R * s * i / (rings + 0.5), thread * px, c, 0.95);
            for (int k = 0; k < spokes; k++) {
                double th = 2 * Math.PI * k / spokes;
                cv.capsule((cx + Math.cos(th) * R * 0.08) * s, (cy + Math.sin(th) * R * 0.08) * s, (cx + Math.cos(th) * R) * s,
                        (cy + Math.sin(th) * R) * s, thread * px / 2, thread * px / 2, c, 0.9);
            }
            for (int i = 1; i < rings; i++) {
                double rr = R * (i + 0.5) / (rings + 0.5), lr = R / (rings + 0.5) * 0.32;
                for (int k = 0; k < loops; k++) {
                    double th = 2 * Math.PI * (k + 0.5 * (i % 2)) / loops;
                    circle(cv, (cx + Math.cos(th) * rr) * s, (cy + Math.sin(th) * rr) * s, lr * s, thread * px * 0.8, c, 0.85);
                }
            }
            int scallops = loops + 6;
            for (int k = 0; k < scallops; k++) {
                double th = 2 * Math.PI * k / scallops;
                circle(cv, (cx + Math.cos(th) * R) * s, (cy + Math.sin(th) * R) * s, Math.PI * R / scallops * s, thread * px, c, 0.95);
            }
            caption = HairFurGenerator.pick(rng, "a round " + col.name() + " lace doily", "a delicate " + col.name() + " lace pattern",
                    "a piece of " + col.name() + " crochet lace");
        } else {
            Palette col = Palette.pick(Palette.WIRE, rng);
            params.put("colour", col.name());
            if (kind == 1) {
                double x0 = rng.uniform(0.1, 0.2), x1 = rng.uniform(0.8, 0.9), cy = rng.uniform(0.4, 0.6), R = rng.uniform(0.08, 0.2);
                int turns = rng.between(5, 14);
                double w = rng.uniform(0.6, 1.8), tilt = rng.uniform(0.15, 0.4);
                params.put("kind", "spring");
                params.put("turns", turns);
                params.put("width_px", round(w));
                int m = turns * 40;
                double[] xs = new double[m + 1], ys = new double[m + 1];
                for (int i = 0; i <= m; i++) {
                    double t = i / (double) m, ph = 2 * Math.PI * turns * t;
                    xs[i] = (x0 + (x1 - x0) * t + tilt * R * Math.cos(ph)) * s;
                    ys[i] = (cy + R * Math.sin(ph)) * s;
                }
                strokeShaded(cv, xs, ys, w * px, col, 0.8 + 0.0 * rng.uniform(0, 1));
                caption = HairFurGenerator.pick(rng, "a " + col.name() + " coil spring", "a thin " + col.name() + " wire spring",
                        "a metal spring made of " + col.name() + " wire");
            } else {
                int wires = rng.between(1, 3);
                double w = rng.uniform(0.45, 1.8);
                params.put("kind", "wire");
                params.put("wires", wires);
                params.put("width_px", round(w));
                for (int k = 0; k < wires; k++) {
                    double[] a = new double[12];
                    for (int i = 0; i < 12; i++) a[i] = rng.uniform(0, 1);
                    int m = 300;
                    double[] xs = new double[m + 1], ys = new double[m + 1];
                    for (int i = 0; i <= m; i++) {
                        double t = i / (double) m;
                        double x = 0.5 + 0.22 * Math.sin(2 * Math.PI * (a[0] + t * (0.5 + a[1]))) + 0.12 * Math.sin(2 * Math.PI * (a[2] + t * (1 + 2 * a[3])))
                                + 0.06 * Math.sin(2 * Math.PI * (a[4] + t * (2 + 4 * a[5])));
                        double y = 0.5 + 0.22 * Math.cos(2 * Math.PI * (a[6] + t * (0.5 + a[7]))) + 0.12 * Math.sin(2 * Math.PI * (a[8] + t * (1 + 2 * a[9])))
                                + 0.06 * Math.cos(2 * Math.PI * (a[10] + t * (2 + 4 * a[11])));
                        xs[i] = x * s;
                        ys[i] = y * s;
                    }
                    strokeShaded(cv, xs, ys, w * px, col, 1.0);
                }
                caption = wires == 1
                        ? HairFurGenerator.pick(rng, "a thin " + col.name() + " wire", "a bent piece of " + col.name() + " wire",
                        "a curly " + col.name() + " wire")
                        : HairFurGenerator.pick(rng, "a tangle of thin " + col.name() + " wires", wires + " twisted " + col.name() + " wires");
            }
        }
        return new Generated(cv.downsample(), caption, params);
    }

    /** A closed thread circle of full width w. */
    static void circle(SuperCanvas cv, double cx, double cy, double r, double w, float[] rgb, double opacity) {
        int m = Math.max(16, (int) Math.ceil(r * 1.2));
        double[] xs = new double[m + 1], ys = new double[m + 1];
        for (int i = 0; i <= m; i++) {
            double th = 2 * Math.PI * i / m;
            xs[i] = cx + r * Math.cos(th);
            ys[i] = cy + r * Math.sin(th);
        }
        cv.polyline(xs, ys, w, w, rgb, opacity);
    }

    /** A wire whose brightness varies along its length (metallic look), drawn in short runs of one colour. */
    static void strokeShaded(SuperCanvas cv, double[] xs, double[] ys, double w, Palette col, double opacity) {
        int run = 10;
        for (int st = 0; st < xs.length - 1; st += run) {
            int en = Math.min(xs.length - 1, st + run);
            double k = 0.75 + 0.45 * Math.sin(st * 0.07);
            cv.polyline(java.util.Arrays.copyOfRange(xs, st, en + 1), java.util.Arrays.copyOfRange(ys, st, en + 1), w, w, col.shade(k), opacity);
        }
    }

    static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
