package org.diffumatting.data.procedural;

import java.util.LinkedHashMap;
import java.util.Map;
import org.diffumatting.data.build.SampleRng;

/**
 * Smoke wisps and cloud puffs as a density field: a sum of isotropic Gaussian blobs
 * d(p) = sum_k A_k exp(-|p - c_k|^2 / (2 sigma_k^2)), with alpha = 1 - exp(-d) (Beer-Lambert
 * absorption through a slab of density d) and colour darkened where the field is dense and, for
 * clouds, towards the underside. Smoke blobs follow a wavy rising path, growing and thinning;
 * cloud blobs cluster in a flat-bottomed heap. Alpha is smooth, evaluated at every sample point.
 */
public final class SmokeCloudGenerator implements ProceduralGenerator {
    @Override
    public String name() {
        return "smoke";
    }

    @Override
    public int defaultSupersampling() {
        return 2;
    }

    @Override
    public Generated generate(int size, int ss, SampleRng rng) {
        boolean cloud = rng.chance(0.4);
        Palette col = cloud ? (rng.chance(0.7) ? Palette.SMOKE.get(0) : Palette.SMOKE.get(1)) : Palette.pick(Palette.SMOKE, rng);
        int count = cloud ? rng.between(25, 60) : rng.between(40, 90);
        double[] bx = new double[count], by = new double[count], bs = new double[count], ba = new double[count];
        double density = cloud ? rng.uniform(2.0, 5.0) : rng.uniform(0.5, 1.6);
        double phase = rng.uniform(0, 2 * Math.PI), sway = rng.uniform(0.03, 0.12), lean = rng.uniform(-0.15, 0.15);
        for (int k = 0; k < count; k++) {
            if (cloud) {
                double u = rng.uniform(-1, 1);
                bx[k] = 0.5 + u * rng.uniform(0.15, 0.32);
                double top = 0.22 * Math.sqrt(Math.max(0, 1 - u * u));
                by[k] = 0.58 - rng.uniform(0, top);
                bs[k] = rng.uniform(0.04, 0.09);
                ba[k] = density * rng.uniform(0.5, 1.0);
            } else {
                double t = rng.uniform(0, 1);
                bx[k] = 0.5 + lean * (t - 0.5) + sway * Math.sin(phase + t * 6) + rng.uniform(-0.03, 0.03) * (1 + 2 * t);
                by[k] = 0.88 - t * 0.76;
                bs[k] = (0.025 + 0.07 * t) * rng.uniform(0.7, 1.3);
                ba[k] = density * (1.1 - 0.8 * t) * rng.uniform(0.4, 1.0);
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("kind", cloud ? "cloud" : "smoke");
        params.put("colour", col.name());
        params.put("blobs", count);
        params.put("density", Math.round(density * 1e4) / 1e4);

        double s = size;
        float[] base = col.rgb();
        SuperCanvas cv = new SuperCanvas(size, ss);
        cv.field(0, 0, size, size, (x, y, out) -> {
            double u = x / s, v = y / s, d = 0;
            for (int k = 0; k < count; k++) {
                double dx = u - bx[k], dy = v - by[k], r2 = dx * dx + dy * dy, s2 = bs[k] * bs[k];
                if (r2 > 16 * s2) continue;
                d += ba[k] * Math.exp(-r2 / (2 * s2));
            }
            if (d < 1e-4) return;
            double a = 1 - Math.exp(-d);
            double shade = 1 - 0.22 * a;
            if (cloud) shade *= 1 - 0.25 * Math.max(0, Math.min(1, (v - 0.4) / 0.25));
            out[0] = (float) Math.min(1, base[0] * shade);
            out[1] = (float) Math.min(1, base[1] * shade);
            out[2] = (float) Math.min(1, base[2] * shade);
            out[3] = (float) a;
        });
        String c = col.name();
        String caption = cloud
                ? HairFurGenerator.pick(rng, "a fluffy " + c + " cloud", "a soft " + c + " cloud puff", "a small " + c + " cumulus cloud")
                : HairFurGenerator.pick(rng, "a wisp of " + c + " smoke", "a puff of " + c + " smoke", "rising " + c + " smoke",
                "a curl of " + c + " smoke");
        return new Generated(cv.downsample(), caption, params);
    }
}
