package org.diffumatting.data.procedural;

import java.util.LinkedHashMap;
import java.util.Map;
import org.diffumatting.data.build.SampleRng;
import org.diffumatting.data.image.Resample;
import org.diffumatting.data.image.RgbaImage;

/**
 * Motion-blurred objects: an object's premultiplied colour and alpha averaged over its positions
 * along a path during the exposure, I(p) = (1/T) integral_0^T O(p - path(t)) dt. The path is a
 * straight or gently curved stroke 12-40% of the canvas long. The time integral is sampled at
 * {@code ss} steps per pixel of travel (midpoint rule), converging as ss grows; each step places
 * the object with a bilinear warp. The object is a real asset handed in by the builder (its split
 * group travels with the sample) or, without one, a procedural disc / rounded square / star.
 */
public final class MotionBlurGenerator implements ProceduralGenerator {

    /** The object to blur: trimmed premultiplied RGBA and its name for the caption. */
    public record Subject(RgbaImage object, String name, String objectId, String group) {}

    /** Supplies a subject for a sample (null for a procedural shape). */
    @FunctionalInterface
    public interface SubjectSource {
        Subject pick(SampleRng rng);
    }

    private final SubjectSource subjects;

    public MotionBlurGenerator(SubjectSource subjects) {
        this.subjects = subjects;
    }

    @Override
    public String name() {
        return "motionblur";
    }

    @Override
    public int defaultSupersampling() {
        return 2;
    }

    @Override
    public Generated generate(int size, int ss, SampleRng rng) {
        Subject subj = subjects == null ? null : subjects.pick(rng);
        double objFrac = rng.uniform(0.35, 0.55), len = rng.uniform(0.12, 0.4), ang = rng.uniform(0, Math.PI);
        double curve = rng.chance(0.3) ? rng.uniform(-0.25, 0.25) : 0.0;
        Map<String, Object> params = new LinkedHashMap<>();
        RgbaImage obj;
        String name;
        if (subj != null) {
            obj = subj.object();
            name = subj.name();
            params.put("subject", subj.objectId());
        } else {
            Palette col = Palette.pick(Palette.FEATHER, rng);
            int shape = rng.nextInt(3);
            name = col.name() + " " + new String[] {"ball", "block", "star"}[shape];
            obj = shape(shape, col, 64, rng.uniform(0.4, 0.5));
            params.put("subject", "procedural " + name);
        }
        params.put("length", round(len));
        params.put("angle_deg", round(Math.toDegrees(ang)));
        params.put("curve", round(curve));

        double side = objFrac * size;
        double k = side / Math.max(obj.width(), obj.height());
        int w = Math.max(1, (int) Math.round(obj.width() * k)), h = Math.max(1, (int) Math.round(obj.height() * k));
        RgbaImage o = Resample.resize(obj, w, h);
        double L = len * size, dx = Math.cos(ang), dy = Math.sin(ang);
        int steps = Math.max(2, (int) Math.ceil(L * ss * (1 + Math.abs(curve))));
        params.put("time_samples", steps);
        float[] acc = new float[size * size * 4];
        for (int i = 0; i < steps; i++) {
            double t = (i + 0.5) / steps - 0.5; // midpoint rule over [-1/2, 1/2]
            double off = curve * L * (0.25 - t * t) * 2;
            double cx = size / 2.0 + t * L * dx - off * dy, cy = size / 2.0 + t * L * dy + off * dx;
            // output pixel centre (x + 0.5) maps to object centre coordinate (x + 0.5) - cx + w/2 - 0.5
            double[] m = {1, 0, w / 2.0 - cx, 0, 1, h / 2.0 - cy};
            float[] q = Resample.warp(o, size, size, m, true).p();
            for (int j = 0; j < acc.length; j++) acc[j] += q[j];
        }
        float inv = 1f / steps;
        for (int j = 0; j < acc.length; j++) acc[j] *= inv;
        String caption = HairFurGenerator.pick(rng, "a motion-blurred " + name, Palette.article(name) + " " + name + " moving fast, motion blur",
                Palette.article(name) + " " + name + " in fast motion", Palette.article(name) + " " + name + " with a motion blur trail");
        return new Generated(new RgbaImage(size, size, acc), caption, params);
    }

    /** A procedural subject: disc, rounded square or five-pointed star, 4x4 supersampled. */
    static RgbaImage shape(int kind, Palette col, int n, double r) {
        SuperCanvas cv = new SuperCanvas(n, 4);
        float[] c = col.rgb();
        cv.field(0, 0, n, n, (x, y, out) -> {
            double u = x / n - 0.5, v = y / n - 0.5;
            boolean in;
            if (kind == 0) in = u * u + v * v <= r * r;
            else if (kind == 1) {
                double q = r * 0.8, rad = r * 0.25, ax = Math.max(Math.abs(u) - q + rad, 0), ay = Math.max(Math.abs(v) - q + rad, 0);
                in = Math.abs(u) <= q && Math.abs(v) <= q && ax * ax + ay * ay <= rad * rad;
            } else {
                double th = Math.atan2(v, u) + Math.PI / 2, rr = Math.hypot(u, v);
                double sector = Math.PI * 2 / 5, a = ((th % sector) + sector) % sector - sector / 2;
                double lim = r * 0.45 / Math.cos(a) * (0.5 + 0.5 * Math.cos(Math.abs(a) / (sector / 2) * Math.PI / 2));
                in = rr <= Math.max(lim, r * 0.4);
            }
            if (!in) return;
            double shade = 1.0 - 0.35 * (u + v + 1) / 2;
            out[0] = (float) (c[0] * shade);
            out[1] = (float) (c[1] * shade);
            out[2] = (float) (c[2] * shade);
            out[3] = 1;
        });
        return cv.downsample();
    }

    static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
