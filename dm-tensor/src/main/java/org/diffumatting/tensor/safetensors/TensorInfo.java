package org.diffumatting.tensor.safetensors;

import java.util.Arrays;
import java.util.Objects;
import org.diffumatting.tensor.DType;

/**
 * One tensor entry of a safetensors header: {@code name: {"dtype", "shape", "data_offsets": [begin, end]}}.
 * {@code begin} and {@code end} are byte offsets relative to the start of the data section (the byte after
 * the header), {@code end} exclusive; data is little-endian, C (row-major) order.
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
    }

    /** The shape (a copy). */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Product of the shape (1 for a scalar). */
    public long numel() {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    /** {@code end - begin}. */
    public long byteCount() {
        return end - begin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.name.equals(name) && t.dtype == dtype && Arrays.equals(t.shape, shape)
                && t.begin == begin && t.end == end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
        return "'" + name + "' " + dtype.safetensorsName() + " " + Arrays.toString(shape) + " bytes [" + begin + ", " + end + ")";
    }
}
