package org.diffumatting.models.unet;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * Residuals added inside the UNet by a ControlNet (diffusers' {@code down_block_additional_residuals}
 * and {@code mid_block_additional_residual}): {@code down.get(i)} is added to the i-th skip tensor
 * (the conv_in output first, then every resnet/downsampler output in order; SD 1.5: 12 of them),
 * {@code mid} to the mid-block output. Either part may be null.
 */
public record ControlResiduals(List<Tensor> down, Tensor mid) {
    public ControlResiduals {
        down = down == null ? null : List.copyOf(down);
    }
}
