package org.diffumatting.models.nn;

import org.bytedeco.pytorch.Tensor;

/**
 * diffusers' {@code ResnetBlock2D} (diffusers/models/resnet.py) with time_embedding_norm "default":
 * <pre>
 *   h = conv1(act(norm1(x)))                 // [B, C_out, H, W]
 *   h = h + time_emb_proj(act(temb))[:, :, None, None]   (when temb_channels is set)
 *   h = conv2(dropout(act(norm2(h))))
 *   out = (shortcut(x) + h) / output_scale_factor,  shortcut = conv_shortcut (1x1) iff C_in != C_out
 * </pre>
 * Parameters: norm1, conv1, time_emb_proj, norm2, conv2, conv_shortcut.
 */
public final class ResnetBlock2D extends DmModule {
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear timeEmbProj;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d convShortcut;
    private final Activation act;
    private final double outputScaleFactor;

    /**
     * @param tembChannels width of the time embedding, or null for blocks without one (VAE, matting head)
     */
    public ResnetBlock2D(ParamInit init, int in, int out, Integer tembChannels, int groups, double eps,
                         Activation act, double outputScaleFactor) {
        this.act = act;
        this.outputScaleFactor = outputScaleFactor;
        this.norm1 = child("norm1", new GroupNorm(init, groups, in, eps));
        this.conv1 = child("conv1", new Conv2d(init, in, out, 3));
        this.timeEmbProj = tembChannels == null ? null : child("time_emb_proj", new Linear(init, tembChannels, out, true));
        this.norm2 = child("norm2", new GroupNorm(init, groups, out, eps));
        this.conv2 = child("conv2", new Conv2d(init, out, out, 3));
        this.convShortcut = in != out ? child("conv_shortcut", new Conv2d(init, in, out, 1, 1, 0, true)) : null;
    }

    /**
     * @param x    [B, C_in, H, W]
     * @param temb [B, temb_channels] or null
     * @return [B, C_out, H, W]
     */
    public Tensor forward(Tensor x, Tensor temb) {
        Tensor h = conv1.forward(act.apply(norm1.forward(x)));
        if (timeEmbProj != null && temb != null) {
            h = h.add(timeEmbProj.forward(act.apply(temb)).unsqueeze(2).unsqueeze(3)); // [B, C_out, 1, 1]
        }
        h = conv2.forward(act.apply(norm2.forward(h)));
        Tensor skip = convShortcut == null ? x : convShortcut.forward(x);
        Tensor out = skip.add(h);
        return outputScaleFactor == 1.0 ? out : out.div(new org.bytedeco.pytorch.Scalar(outputScaleFactor));
    }
}
