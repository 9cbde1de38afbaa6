package org.diffumatting.models.unet;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.Activation;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.Downsample2D;
import org.diffumatting.models.nn.ModuleList;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.ResnetBlock2D;

/**
 * A UNet encoder level: diffusers' {@code CrossAttnDownBlock2D} (with {@code attentions}) or
 * {@code DownBlock2D} (without) from diffusers/models/unets/unet_2d_blocks.py:
 * <pre>
 *   for i in 0..layers-1: h = resnets[i](h, temb); h = attentions[i](h, context); skips += h
 *   if downsample: h = downsamplers[0](h); skips += h
 * </pre>
 * Every entry of {@code skips} feeds an up block (and may receive a ControlNet residual).
 */
public final class DownBlock2D extends DmModule {
    /** Output of a down block: the hidden state and the skip tensors, in order. */
    public record Output(Tensor hidden, List<Tensor> skips) {}

    private final ModuleList<ResnetBlock2D> resnets;
    private final ModuleList<Transformer2DModel> attentions;
    private final Downsample2D downsampler;

    /**
     * @param heads null for a block without cross-attention ("DownBlock2D")
     */
    public DownBlock2D(ParamInit init, int in, int out, int tembChannels, int layers, int groups, double eps, Activation act,
                       double outputScaleFactor, boolean addDownsample, int downsamplePadding,
                       Integer heads, int transformerLayers, int crossAttentionDim, boolean useLinearProjection) {
        this.resnets = child("resnets", new ModuleList<>());
        this.attentions = heads == null ? null : child("attentions", new ModuleList<>());
        for (int i = 0; i < layers; i++) {
            resnets.add(new ResnetBlock2D(init, i == 0 ? in : out, out, tembChannels, groups, eps, act, outputScaleFactor));
            if (attentions != null) {
                attentions.add(new Transformer2DModel(init, heads, out / heads, out, transformerLayers, crossAttentionDim,
                        groups, useLinearProjection));
            }
        }
        if (addDownsample) {
            ModuleList<Downsample2D> ds = child("downsamplers", new ModuleList<>());
            this.downsampler = ds.add(new Downsample2D(init, out, out, downsamplePadding));
        } else {
            this.downsampler = null;
        }
    }

    /** Number of skip tensors this block emits. */
    public int skipCount() {
        return resnets.size() + (downsampler == null ? 0 : 1);
    }

    /** h [B, C_in, H, W], temb [B, E], context [B, T, D] -> [B, C_out, H/2, W/2] (or H, W) plus skips. */
    public Output forward(Tensor h, Tensor temb, Tensor context) {
        List<Tensor> skips = new ArrayList<>();
        for (int i = 0; i < resnets.size(); i++) {
            h = resnets.get(i).forward(h, temb);
            if (attentions != null) h = attentions.get(i).forward(h, context);
            skips.add(h);
        }
        if (downsampler != null) {
            h = downsampler.forward(h);
            skips.add(h);
        }
        return new Output(h, skips);
    }
}
