package org.diffumatting.data.build;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Per-sample randomness: a {@link SplittableRandom} (its algorithm is fixed by the JDK spec)
 * seeded from SHA-256("seed/sampleId"), so a sample's content depends only on (seed, sample id),
 * never on thread scheduling or on which samples were built before it.
 */
public final class SampleRng {
    private final SplittableRandom r;

    private SampleRng(long s) {
        this.r = new SplittableRandom(s);
    }

    public static SampleRng of(long seed, String sampleId) {
        return new SampleRng(hash64(seed + "/" + sampleId));
    }

    /** First 8 bytes of SHA-256 of a UTF-8 string, big-endian. */
    public static long hash64(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (d[i] & 0xff);
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    public int nextInt(int bound) {
        return r.nextInt(bound);
    }

    public int between(int lo, int hiInclusive) {
        return lo + r.nextInt(hiInclusive - lo + 1);
    }

    public boolean chance(double p) {
        return r.nextDouble() < p;
    }

    public double gaussian() {
        // Box-Muller from two uniforms (keeps the stream fixed by SplittableRandom's spec)
        double u1 = 1.0 - r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    public <T> T pick(java.util.List<T> items) {
        return items.get(r.nextInt(items.size()));
    }
}
