package org.diffumatting.models.unet;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.models.nn.Activation;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.ModuleList;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.ResnetBlock2D;
import org.diffumatting.models.nn.Upsample2D;

/**
 * A UNet decoder level: diffusers' {@code CrossAttnUpBlock2D} (with {@code attentions}) or
 * {@code UpBlock2D} (without), diffusers/models/unets/unet_2d_blocks.py:
 * <pre>
 *   for i in 0..layers-1:                      // layers = layers_per_block + 1
 *       h = cat([h, skips.pop()], dim=1)       // [B, C_h + C_skip, H, W]
 *       h = resnets[i](h, temb); h = attentions[i](h, context)
 *   if upsample: h = upsamplers[0](h, size of the next skip)   // x2 nearest + 3x3 conv
 * </pre>
 * Resnet i takes C_prev (i = 0) or C_out channels plus the skip's channels: C_in for the last
 * resnet (the skip from the level below), C_out otherwise.
 */
public final class UpBlock2D extends DmModule {
    private final ModuleList<ResnetBlock2D> resnets;
    private final ModuleList<Transformer2DModel> attentions;
    private final Upsample2D upsampler;

    /**
     * @param in      channels of the skip consumed by the last resnet (block_out_channels of the level below)
     * @param prevOut channels of the incoming hidden state
     * @param heads   null for a block without cross-attention ("UpBlock2D")
     */
    public UpBlock2D(ParamInit init, int in, int out, int prevOut, int tembChannels, int layers, int groups, double eps,
                     Activation act, double outputScaleFactor, boolean addUpsample,
                     Integer heads, int transformerLayers, int crossAttentionDim, boolean useLinearProjection) {
        this.resnets = child("resnets", new ModuleList<>());
        this.attentions = heads == null ? null : child("attentions", new ModuleList<>());
        for (int i = 0; i < layers; i++) {
            int skipChannels = i == layers - 1 ? in : out;
            int resIn = i == 0 ? prevOut : out;
            resnets.add(new ResnetBlock2D(init, resIn + skipChannels, out, tembChannels, groups, eps, act, outputScaleFactor));
            if (attentions != null) {
                attentions.add(new Transformer2DModel(init, heads, out / heads, out, transformerLayers, crossAttentionDim,
                        groups, useLinearProjection));
            }
        }
        if (addUpsample) {
            ModuleList<Upsample2D> us = child("upsamplers", new ModuleList<>());
            this.upsampler = us.add(new Upsample2D(init, out, out));
        } else {
            this.upsampler = null;
        }
    }

    /** Number of skip tensors this block consumes. */
    public int skipCount() {
        return resnets.size();
    }

    /**
     * @param skips     exactly {@link #skipCount()} skips, in the order they were produced (consumed from the end)
     * @param upsampleTo [H', W'] for the upsampler (the next skip's size), or null for 2x
     */
    public Tensor forward(Tensor h, List<Tensor> skips, Tensor temb, Tensor context, long[] upsampleTo) {
        for (int i = 0; i < resnets.size(); i++) {
            Tensor skip = skips.get(skips.size() - 1 - i);
            h = torch.cat(new TensorVector(h, skip), 1); // [B, C_h + C_skip, H, W]
            h = resnets.get(i).forward(h, temb);
            if (attentions != null) h = attentions.get(i).forward(h, context);
        }
        if (upsampler != null) {
            h = upsampleTo == null ? upsampler.forward(h) : upsampler.forward(h, upsampleTo[0], upsampleTo[1]);
        }
        return h;
    }
}
