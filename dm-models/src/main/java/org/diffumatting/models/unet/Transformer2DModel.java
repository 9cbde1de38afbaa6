package org.diffumatting.models.unet;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.Conv2d;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.GroupNorm;
import org.diffumatting.models.nn.Linear;
import org.diffumatting.models.nn.ModuleList;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.Shapes;

/**
 * diffusers' {@code Transformer2DModel} for continuous (feature-map) input
 * (diffusers/models/transformers/transformer_2d.py):
 * <pre>
 *   h = norm(x)                                   // GroupNorm(groups, C, eps=1e-6)
 *   h = proj_in(h)                                // 1x1 conv C->inner (SD 1.x), or Linear after flattening
 *   h = [B, C, H, W] -> [B, H*W, inner]
 *   h = transformer_blocks[i](h, context)        // BasicTransformerBlock
 *   h = [B, H*W, inner] -> [B, inner, H, W]; proj_out (1x1 conv or Linear before un-flattening)
 *   out = h + x
 * </pre>
 * inner = heads * dim_head; use_linear_projection=false (SD 1.x) uses 1x1 convs, true (SD 2.x) Linears.
 */
public final class Transformer2DModel extends DmModule {
    private final GroupNorm norm;
    private final Conv2d projInConv;
    private final Linear projInLinear;
    private final ModuleList<BasicTransformerBlock> blocks;
    private final Conv2d projOutConv;
    private final Linear projOutLinear;
    private final int inner;

    public Transformer2DModel(ParamInit init, int heads, int dimHead, int inChannels, int layers, int crossAttentionDim,
                              int normGroups, boolean useLinearProjection) {
        this.inner = heads * dimHead;
        this.norm = child("norm", new GroupNorm(init, normGroups, inChannels, 1e-6));
        if (useLinearProjection) {
            this.projInLinear = child("proj_in", new Linear(init, inChannels, inner, true));
            this.projInConv = null;
        } else {
            this.projInConv = child("proj_in", new Conv2d(init, inChannels, inner, 1, 1, 0, true));
            this.projInLinear = null;
        }
        this.blocks = child("transformer_blocks", new ModuleList<>());
        for (int i = 0; i < layers; i++) blocks.add(new BasicTransformerBlock(init, inner, heads, dimHead, crossAttentionDim));
        if (useLinearProjection) {
            this.projOutLinear = child("proj_out", new Linear(init, inner, inChannels, true));
            this.projOutConv = null;
        } else {
            this.projOutConv = child("proj_out", new Conv2d(init, inner, inChannels, 1, 1, 0, true));
            this.projOutLinear = null;
        }
    }

    /** x [B, C, H, W], context [B, T, D] -> [B, C, H, W]. */
    public Tensor forward(Tensor x, Tensor context) {
        long[] s = Shapes.of(x);
        long b = s[0];
        long hw = s[2] * s[3];
        Tensor h = norm.forward(x);
        if (projInConv != null) {
            h = projInConv.forward(h).permute(0, 2, 3, 1).reshape(b, hw, inner); // [B, HW, inner]
        } else {
            h = projInLinear.forward(h.permute(0, 2, 3, 1).reshape(b, hw, s[1])); // [B, HW, inner]
        }
        for (BasicTransformerBlock blk : blocks) h = blk.forward(h, context);
        if (projOutConv != null) {
            h = projOutConv.forward(h.reshape(b, s[2], s[3], inner).permute(0, 3, 1, 2).contiguous()); // [B, C, H, W]
        } else {
            h = projOutLinear.forward(h).reshape(b, s[2], s[3], s[1]).permute(0, 3, 1, 2).contiguous(); // [B, C, H, W]
        }
        return h.add(x);
    }
}
