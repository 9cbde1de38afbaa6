package org.diffumatting.models.nn;

import java.util.Arrays;
import java.util.StringJoiner;
import org.bytedeco.pytorch.Tensor;

/** Small helpers about tensor shapes. */
public final class Shapes {
    private Shapes() {}

    /** The sizes of {@code t}, e.g. {@code [2, 4, 64, 64]}. */
    public static long[] of(Tensor t) {
        return t.sizes().vec().get();
    }

    /** {@code d0,d1,...} as printed by {@code dm model keys}. */
    public static String csv(long[] shape) {
        StringJoiner j = new StringJoiner(",");
        for (long d : shape) j.add(Long.toString(d));
        return j.toString();
    }

    /** {@code [d0, d1, ...]} for messages. */
    public static String text(long[] shape) {
        return Arrays.toString(shape);
    }

    /** Product of the sizes. */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }
}
