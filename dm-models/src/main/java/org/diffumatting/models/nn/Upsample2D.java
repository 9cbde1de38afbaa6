package org.diffumatting.models.nn;

import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * diffusers' {@code Upsample2D} with use_conv=True (diffusers/models/upsampling.py): nearest
 * neighbour x2 (or to an explicit size, as the UNet does when a skip connection has an odd size),
 * then a 3x3 convolution, parameter {@code conv}.
 */
public final class Upsample2D extends DmModule {
    private final Conv2d conv;

    public Upsample2D(ParamInit init, int channels, int outChannels) {
        this.conv = child("conv", new Conv2d(init, channels, outChannels, 3));
    }

    /** [B, C, H, W] -> [B, C_out, 2H, 2W]. */
    public Tensor forward(Tensor x) {
        return forward(x, 2 * x.size(2), 2 * x.size(3));
    }

    /** [B, C, H, W] -> [B, C_out, height, width] (nearest, then conv). */
    public Tensor forward(Tensor x, long height, long width) {
        Tensor up = torch.upsample_nearest2d(x, new long[] {height, width},
                new DoubleOptional(), new DoubleOptional()); // ENGINE.md pitfall 3
        return conv.forward(up);
    }
}
