package org.diffumatting.tensor;

import java.util.Locale;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.diffumatting.common.DmException;

/**
 * The element types this project stores and computes in. The names follow the safetensors format
 * ({@code "F32"}, {@code "F16"}, {@code "BF16"}, {@code "I64"}; see huggingface/safetensors
 * {@code safetensors/src/tensor.rs}, enum {@code Dtype}); sizes are in bytes per element.
 */
public enum DType {
    /** IEEE 754 binary32: the default for weights, training and the sampler state. */
    F32(ScalarType.Float, "F32", 4),
    /** IEEE 754 binary16 ("half"): GPU inference; overflows above 65504. */
    F16(ScalarType.Half, "F16", 2),
    /** bfloat16 (8-bit exponent, 7-bit mantissa): CPU/GPU mixed precision with fp32's range. */
    BF16(ScalarType.BFloat16, "BF16", 2),
    /** 64-bit signed integers: indices, token ids, timesteps. */
    I64(ScalarType.Long, "I64", 8);

    private final ScalarType scalarType;
    private final String safetensorsName;
    private final int byteSize;

    DType(ScalarType scalarType, String safetensorsName, int byteSize) {
        this.scalarType = scalarType;
        this.safetensorsName = safetensorsName;
        this.byteSize = byteSize;
    }

    /** The libtorch scalar type ({@code torch.float32}, {@code torch.float16}, {@code torch.bfloat16}, {@code torch.int64}). */
    public ScalarType scalarType() {
        return scalarType;
    }

    /** The dtype string used in a safetensors header, e.g. {@code "BF16"}. */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for the three floating-point types. */
    public boolean isFloatingPoint() {
        return this != I64;
    }

    /**
     * The type named by a safetensors header dtype string (case-sensitive as in the format).
     *
     * @throws DmException for a dtype that the format knows but this project does not handle
     *     (BOOL, U8, I8, F8_E5M2, F8_E4M3, I16, U16, I32, U32, F64, U64, ...) or an unknown string
     */
    public static DType fromSafetensors(String name) {
        for (DType d : values()) {
            if (d.safetensorsName.equals(name)) return d;
        }
        throw new DmException("unsupported safetensors dtype '" + name + "' (supported: F32, F16, BF16, I64)");
    }

    /** The type of a libtorch scalar type; throws IllegalArgumentException for types outside this enum. */
    public static DType fromScalarType(ScalarType t) {
        for (DType d : values()) {
            if (d.scalarType.value == t.value) return d;
        }
        throw new IllegalArgumentException("unsupported tensor dtype " + t + " (supported: Float, Half, BFloat16, Long)");
    }

    /**
     * Parses a user-facing precision name: {@code fp32|float32|f32}, {@code fp16|float16|half|f16},
     * {@code bf16|bfloat16}, {@code i64|int64|long} (case-insensitive).
     *
     * @throws DmException naming the accepted spellings
     */
    public static DType parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "fp32": case "float32": case "f32": case "float": return F32;
            case "fp16": case "float16": case "f16": case "half": return F16;
            case "bf16": case "bfloat16": return BF16;
            case "i64": case "int64": case "long": return I64;
            default:
                throw new DmException("unknown dtype '" + name + "' (use fp32, fp16 or bf16)");
        }
    }
}
