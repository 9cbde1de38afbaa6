package org.diffumatting.models.nn;

import java.util.Locale;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;

/** Element-wise activations named as diffusers' {@code get_activation} names them ({@code act_fn}). */
public enum Activation {
    SILU, GELU, RELU;

    /** Parses a config value: {@code silu}/{@code swish}, {@code gelu}, {@code relu}. */
    public static Activation of(String name, String where) {
        if (name == null) throw new DmException(where + ": missing activation name");
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "silu", "swish" -> SILU;
            case "gelu" -> GELU;
            case "relu" -> RELU;
            default -> throw new DmException(where + ": unsupported activation '" + name + "' (silu, swish, gelu, relu)");
        };
    }

    public Tensor apply(Tensor x) {
        return switch (this) {
            case SILU -> torch.silu(x);
            case GELU -> torch.gelu(x);
            case RELU -> torch.relu(x);
        };
    }
}
