package org.diffumatting.models.vae;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.Activation;
import org.diffumatting.models.nn.Attention;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.ModuleList;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.ResnetBlock2D;

/**
 * diffusers' {@code UNetMidBlock2D} as the VAE uses it (no time embedding,
 * diffusers/models/unets/unet_2d_blocks.py): {@code resnets.0 -> attentions.0 -> resnets.1}, where
 * the attention is spatial self-attention over H*W tokens with {@code group_norm}, biased
 * {@code to_q/to_k/to_v/to_out.0}, a residual connection and heads = C / attention_head_dim
 * (the VAE passes attention_head_dim = C: one head). Without attention (mid_block_add_attention
 * false) it is two resnets.
 */
public final class UNetMidBlock2D extends DmModule {
    private final ModuleList<ResnetBlock2D> resnets;
    private final ModuleList<Attention> attentions;

    public UNetMidBlock2D(ParamInit init, int channels, int groups, double eps, Activation act, boolean addAttention,
                          int attentionHeadDim) {
        this.resnets = child("resnets", new ModuleList<>());
        resnets.add(new ResnetBlock2D(init, channels, channels, null, groups, eps, act, 1.0));
        if (addAttention) {
            this.attentions = child("attentions", new ModuleList<>());
            attentions.add(new Attention(init, channels, null, channels / attentionHeadDim, attentionHeadDim, true,
                    groups, eps, true, 1.0));
        } else {
            this.attentions = null;
        }
        resnets.add(new ResnetBlock2D(init, channels, channels, null, groups, eps, act, 1.0));
    }

    /** [B, C, H, W] -> [B, C, H, W]. */
    public Tensor forward(Tensor h) {
        h = resnets.get(0).forward(h, null);
        if (attentions != null) h = attentions.get(0).forward(h, null);
        return resnets.get(1).forward(h, null);
    }
}
