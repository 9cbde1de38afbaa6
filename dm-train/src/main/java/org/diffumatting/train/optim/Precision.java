package org.diffumatting.train.optim;

import org.bytedeco.pytorch.global.torch;

/**
 * CPU mixed precision: libtorch's autocast for the CPU device type with bfloat16 (the C++ API behind
 * {@code torch.autocast("cpu", dtype=torch.bfloat16)}: {@code at::autocast::set_autocast_enabled(kCPU, true)},
 * {@code set_autocast_dtype(kCPU, kBFloat16)}, nesting counter and weight-cast cache cleared on exit).
 * Weights, gradients and optimizer state stay float32; eligible ops (conv, linear, matmul, SDPA) run in bf16.
 * Autocast state is thread-local: enter and exit on the training thread.
 */
public final class Precision implements AutoCloseable {
    private final boolean enabled;

    private Precision(boolean enabled) {
        this.enabled = enabled;
        if (enabled) {
            torch.set_autocast_dtype(torch.DeviceType.CPU, torch.ScalarType.BFloat16);
            torch.set_autocast_enabled(torch.DeviceType.CPU, true);
            torch.increment_nesting();
        }
    }

    /** Enters bf16 autocast when {@code bf16}; otherwise does nothing (float32). */
    public static Precision enter(boolean bf16) {
        return new Precision(bf16);
    }

    @Override
    public void close() {
        if (!enabled) return;
        if (torch.decrement_nesting() == 0) torch.clear_cache();
        torch.set_autocast_enabled(torch.DeviceType.CPU, false);
    }
}
