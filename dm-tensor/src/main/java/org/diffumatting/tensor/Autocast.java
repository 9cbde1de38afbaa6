package org.diffumatting.tensor;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Mixed precision for a block of code on the current thread, like PyTorch's {@code torch.autocast(device_type,
 * dtype)}: eligible ops (matmul, linear, conv, SDPA, ...) run in {@code dtype} while parameters, their gradients
 * and precision-sensitive ops (softmax, norms, losses) stay in fp32. Enter/exit follow
 * {@code torch/amp/autocast_mode.py} ({@code __enter__}: save state, enable, set dtype, increment nesting;
 * {@code __exit__}: decrement nesting, clear the cast cache at the outermost level, restore).
 *
 * <pre>{@code
 * try (Autocast a = Autocast.enable(device, DType.BF16)) { loss = model.forward(x) ...; }
 * loss.backward(); // outside, as in PyTorch
 * }</pre>
 *
 * Use {@code BF16} on CPU (fp16 on CPU is slow and overflows); {@code F16} or {@code BF16} on CUDA. {@code F32}
 * gives a no-op scope (autocast disabled inside), so callers can pass the user's dtype flag through.
 */
public final class Autocast implements AutoCloseable {
    private final DeviceType deviceType;
    private final boolean previousEnabled;
    private final ScalarType previousDtype;
    private boolean closed;

    private Autocast(DeviceType deviceType, boolean enabled, ScalarType dtype) {
        this.deviceType = deviceType;
        this.previousEnabled = torch.is_autocast_enabled(deviceType);
        this.previousDtype = torch.get_autocast_dtype(deviceType);
        torch.set_autocast_enabled(deviceType, enabled);
        if (enabled) torch.set_autocast_dtype(deviceType, dtype);
        torch.increment_nesting();
    }

    /** Enables autocast to {@code dtype} for ops on {@code device}'s type until {@link #close()}. */
    public static Autocast enable(Device device, DType dtype) {
        if (dtype == DType.I64) throw new IllegalArgumentException("autocast needs a floating dtype, got I64");
        DeviceType type = device.is_cuda() ? DeviceType.CUDA : DeviceType.CPU;
        return new Autocast(type, dtype != DType.F32, dtype.scalarType());
    }

    /** True when autocast is on for CPU ops on this thread. */
    public static boolean enabledOnCpu() {
        return torch.is_autocast_enabled(DeviceType.CPU);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (torch.decrement_nesting() == 0) torch.clear_cache();
        torch.set_autocast_enabled(deviceType, previousEnabled);
        torch.set_autocast_dtype(deviceType, previousDtype);
    }
}
