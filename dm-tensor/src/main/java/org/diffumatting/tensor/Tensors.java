package org.diffumatting.tensor;

import java.util.Arrays;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Moving data between Java arrays and libtorch tensors, and shape checks with readable messages.
 * Created tensors own their memory (the Java array is copied). Everything else is plain libtorch:
 * use {@code org.bytedeco.pytorch.global.torch} and {@link Tensor} methods directly.
 */
public final class Tensors {
    private Tensors() {}

    /** A CPU float32 tensor of {@code shape} holding a copy of {@code data} (row-major). */
    public static Tensor fromFloats(float[] data, long... shape) {
        checkCount(data.length, shape);
        Tensor t = torch.empty(shape, new TensorOptions(ScalarType.Float), new MemoryFormatOptional());
        if (data.length > 0) t.data_ptr_float().put(data, 0, data.length);
        return t;
    }

    /** A tensor of {@code shape}, {@code dtype} (a floating type) and {@code device} holding {@code data}. */
    public static Tensor fromFloats(float[] data, DType dtype, Device device, long... shape) {
        if (!dtype.isFloatingPoint()) throw new IllegalArgumentException("fromFloats needs a floating dtype, got " + dtype);
        return fromFloats(data, shape).to(device, dtype.scalarType());
    }

    /** A CPU int64 tensor of {@code shape} holding a copy of {@code data}. */
    public static Tensor fromLongs(long[] data, long... shape) {
        checkCount(data.length, shape);
        Tensor t = torch.empty(shape, new TensorOptions(ScalarType.Long), new MemoryFormatOptional());
        if (data.length > 0) t.data_ptr_long().put(data, 0, data.length);
        return t;
    }

    /** A 0-dimensional CPU float32 tensor. */
    public static Tensor scalar(float v) {
        return fromFloats(new float[] {v});
    }

    /**
     * The values of any floating (or integer) tensor on any device as float32, row-major. Non-contiguous
     * views and other dtypes are converted first; the tensor itself is not changed.
     */
    public static float[] toFloats(Tensor t) {
        Tensor c = t.to(cpuDevice(), ScalarType.Float).contiguous();
        float[] out = new float[Math.toIntExact(c.numel())];
        if (out.length > 0) c.data_ptr_float().get(out, 0, out.length);
        return out;
    }

    /** The values of an integer tensor on any device as int64, row-major. */
    public static long[] toLongs(Tensor t) {
        Tensor c = t.to(cpuDevice(), ScalarType.Long).contiguous();
        long[] out = new long[Math.toIntExact(c.numel())];
        if (out.length > 0) c.data_ptr_long().get(out, 0, out.length);
        return out;
    }

    /** The single value of a one-element tensor. */
    public static float item(Tensor t) {
        if (t.numel() != 1) throw new IllegalArgumentException("item() needs one element, tensor has shape " + shapeString(t));
        return toFloats(t)[0];
    }

    /** The sizes of {@code t}, e.g. {@code [2, 4, 64, 64]}. */
    public static long[] shape(Tensor t) {
        return t.sizes().vec().get();
    }

    /** The element type of {@code t}. */
    public static DType dtype(Tensor t) {
        return DType.fromScalarType(t.scalar_type());
    }

    /** {@code [2, 4, 64, 64]}. */
    public static String shapeString(Tensor t) {
        return Arrays.toString(shape(t));
    }

    /**
     * Checks that {@code t} has {@code expected.length} dimensions and matching sizes; {@code -1} in
     * {@code expected} matches any size.
     *
     * @param what names the tensor in the message, e.g. {@code "UNet input latents [B,4,H/8,W/8]"}
     * @throws IllegalArgumentException {@code "<what>: expected shape [-1, 4, -1, -1], got [2, 3, 64, 64]"}
     */
    public static Tensor checkShape(Tensor t, String what, long... expected) {
        long[] s = shape(t);
        boolean ok = s.length == expected.length;
        for (int i = 0; ok && i < s.length; i++) ok = expected[i] < 0 || expected[i] == s[i];
        if (!ok) {
            throw new IllegalArgumentException(what + ": expected shape " + Arrays.toString(expected).replace("-1", "*")
                    + ", got " + Arrays.toString(s));
        }
        return t;
    }

    /** Checks that {@code a} and {@code b} have identical shapes. */
    public static void checkSameShape(Tensor a, Tensor b, String what) {
        long[] sa = shape(a);
        long[] sb = shape(b);
        if (!Arrays.equals(sa, sb)) {
            throw new IllegalArgumentException(what + ": shapes differ, " + Arrays.toString(sa) + " vs " + Arrays.toString(sb));
        }
    }

    /** Number of elements of a shape, with overflow checks. */
    public static long numel(long... shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static void checkCount(int length, long[] shape) {
        if (numel(shape) != length) {
            throw new IllegalArgumentException("data has " + length + " values but shape " + Arrays.toString(shape)
                    + " needs " + numel(shape));
        }
    }

    private static Device cpuDevice() {
        return Devices.cpu();
    }
}
