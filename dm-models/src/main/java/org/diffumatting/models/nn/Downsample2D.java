package org.diffumatting.models.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * diffusers' {@code Downsample2D} with use_conv=True (diffusers/models/downsampling.py): a 3x3
 * convolution of stride 2, parameter {@code conv}. With padding 0 (the VAE encoder) the input is
 * first padded by one pixel on the right and bottom, (0, 1, 0, 1), as the original LDM code does.
 */
public final class Downsample2D extends DmModule {
    private final Conv2d conv;
    private final int padding;

    public Downsample2D(ParamInit init, int channels, int outChannels, int padding) {
        this.padding = padding;
        this.conv = child("conv", new Conv2d(init, channels, outChannels, 3, 2, padding, true));
    }

    /** [B, C, H, W] -> [B, C_out, ceil(H/2), ceil(W/2)] (H, W even: exactly H/2, W/2). */
    public Tensor forward(Tensor x) {
        Tensor h = padding == 0 ? torch.pad(x, 0, 1, 0, 1) : x;
        return conv.forward(h);
    }
}
