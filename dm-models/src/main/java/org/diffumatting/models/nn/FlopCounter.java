package org.diffumatting.models.nn;

/**
 * Analytic floating-point-operation count of a forward pass, accumulated by the layers that do
 * (almost) all the arithmetic while a counter is active on the current thread:
 * <ul>
 *   <li>{@link Conv2d}: 2 * B * C_out * H_out * W_out * C_in * k_h * k_w (one multiply + one add per MAC);</li>
 *   <li>{@link Linear}: 2 * rows * in * out;</li>
 *   <li>{@link Attention} (scaled dot-product core): 4 * B * heads * L_q * L_k * d_head (QK^T and AV).</li>
 * </ul>
 * Norms, activations, softmax and additions are not counted (they are O(elements), well under 1% of
 * an SD UNet step); biases are not counted either. Usage:
 * {@code try (FlopCounter c = FlopCounter.start()) { model.forward(...); long f = c.flops(); }}.
 */
public final class FlopCounter implements AutoCloseable {
    private static final ThreadLocal<FlopCounter> ACTIVE = new ThreadLocal<>();

    private final FlopCounter previous;
    private long flops;

    private FlopCounter(FlopCounter previous) {
        this.previous = previous;
    }

    /** Starts counting on this thread (nested counters: the innermost one counts). */
    public static FlopCounter start() {
        FlopCounter c = new FlopCounter(ACTIVE.get());
        ACTIVE.set(c);
        return c;
    }

    /** Adds {@code n} FLOPs to the active counter of this thread, if any. */
    public static void add(long n) {
        FlopCounter c = ACTIVE.get();
        if (c != null) c.flops += n;
    }

    /** FLOPs counted so far. */
    public long flops() {
        return flops;
    }

    @Override
    public void close() {
        if (previous == null) ACTIVE.remove();
        else ACTIVE.set(previous);
    }
}
