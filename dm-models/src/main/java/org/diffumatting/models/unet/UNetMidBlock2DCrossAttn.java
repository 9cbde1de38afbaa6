package org.diffumatting.models.unet;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.Activation;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.ModuleList;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.ResnetBlock2D;

/**
 * diffusers' {@code UNetMidBlock2DCrossAttn} (diffusers/models/unets/unet_2d_blocks.py) with one
 * attention layer: {@code h = resnets[1](attentions[0](resnets[0](h, temb), context), temb)}.
 */
public final class UNetMidBlock2DCrossAttn extends DmModule {
    private final ModuleList<ResnetBlock2D> resnets;
    private final ModuleList<Transformer2DModel> attentions;

    public UNetMidBlock2DCrossAttn(ParamInit init, int channels, int tembChannels, int groups, double eps, Activation act,
                                   double outputScaleFactor, int heads, int transformerLayers, int crossAttentionDim,
                                   boolean useLinearProjection) {
        this.resnets = child("resnets", new ModuleList<>());
        this.attentions = child("attentions", new ModuleList<>());
        resnets.add(new ResnetBlock2D(init, channels, channels, tembChannels, groups, eps, act, outputScaleFactor));
        attentions.add(new Transformer2DModel(init, heads, channels / heads, channels, transformerLayers, crossAttentionDim,
                groups, useLinearProjection));
        resnets.add(new ResnetBlock2D(init, channels, channels, tembChannels, groups, eps, act, outputScaleFactor));
    }

    /** h [B, C, H, W] -> [B, C, H, W]. */
    public Tensor forward(Tensor h, Tensor temb, Tensor context) {
        h = resnets.get(0).forward(h, temb);
        for (int i = 0; i < attentions.size(); i++) {
            h = attentions.get(i).forward(h, context);
            h = resnets.get(i + 1).forward(h, temb);
        }
        return h;
    }
}
