package org.diffumatting.train;

/**
 * Derived seeds: every random draw of training (data order, noise, timesteps, caption dropout, VAE posterior
 * samples, training crops) takes its seed from {@link #mix} of the run seed, a purpose tag and the step/sample numbers, so a draw
 * depends only on where it happens, never on what ran before (the basis of exact resume).
 * Mixing is SplitMix64's finaliser (Steele, Lea &amp; Flood 2014) applied per component.
 */
public final class Seeds {
    /** Purpose tags. */
    public static final long DATA = 0x44415441L;
    public static final long NOISE = 0x4E4F4953L;
    public static final long TIMESTEP = 0x54494D45L;
    public static final long DROPOUT = 0x44524F50L;
    public static final long POSTERIOR = 0x504F5354L;
    public static final long INIT = 0x494E4954L;
    public static final long SAMPLE = 0x53414D50L;
    public static final long CROP = 0x43524F50L;

    private Seeds() {}

    /** A 64-bit seed from any number of components. */
    public static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) h = splitmix(h ^ splitmix(p + 0x632BE59BD9B4E019L));
        return h;
    }

    /** One seed per sample of a micro-batch: mix(seed, purpose, step, micro, b). */
    public static long[] perSample(long seed, long purpose, long step, int micro, int batch) {
        long[] out = new long[batch];
        for (int b = 0; b < batch; b++) out[b] = mix(seed, purpose, step, micro, b) & Long.MAX_VALUE;
        return out;
    }

    private static long splitmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
