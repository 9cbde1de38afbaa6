package org.diffumatting.train.loss;

import org.bytedeco.pytorch.Tensor;

/** Range conversions between the model image range [-1, 1] and the matting range [0, 1]. */
public final class ImageRange {
    private ImageRange() {}

    /** x / 2 + 0.5: [-1, 1] -> [0, 1]. */
    public static Tensor toUnit(Tensor x) {
        return x.mul(LossMath.s(0.5)).add(LossMath.s(0.5));
    }

    /** 2x - 1: [0, 1] -> [-1, 1]. */
    public static Tensor toSigned(Tensor x) {
        return x.mul(LossMath.s(2)).sub(LossMath.s(1));
    }
}
