package org.diffumatting.models.vae;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.Activation;
import org.diffumatting.models.nn.Conv2d;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.GroupNorm;
import org.diffumatting.models.nn.ModuleList;
import org.diffumatting.models.nn.ParamInit;

/**
 * The VAE encoder, diffusers' {@code Encoder} (diffusers/models/autoencoders/vae.py) with
 * double_z = true:
 * <pre>
 *   h = conv_in(x)                               // [B, ch0, H, W]
 *   h = down_blocks(h)                           // [B, ch_last, H/f, W/f]
 *   h = mid_block(h)
 *   moments = conv_out(act(conv_norm_out(h)))    // [B, 2*latent, H/f, W/f] = (mean | logvar)
 * </pre>
 */
public final class Encoder extends DmModule {
    private final Conv2d convIn;
    private final ModuleList<DownEncoderBlock2D> downBlocks;
    private final UNetMidBlock2D midBlock;
    private final GroupNorm convNormOut;
    private final Conv2d convOut;
    private final Activation act;

    public Encoder(AutoencoderKLConfig c, ParamInit init) {
        List<Integer> ch = c.blockOutChannels();
        int n = ch.size();
        double eps = 1e-6;
        this.act = Activation.of(c.actFn(), "vae act_fn");
        this.convIn = child("conv_in", new Conv2d(init, c.inChannels(), ch.get(0), 3));
        this.downBlocks = child("down_blocks", new ModuleList<>());
        int out = ch.get(0);
        for (int i = 0; i < n; i++) {
            int in = out;
            out = ch.get(i);
            downBlocks.add(new DownEncoderBlock2D(init, in, out, c.layersPerBlock(), c.normNumGroups(), eps, act, i < n - 1));
        }
        this.midBlock = child("mid_block", new UNetMidBlock2D(init, ch.get(n - 1), c.normNumGroups(), eps, act,
                c.midBlockAddAttention(), ch.get(n - 1)));
        this.convNormOut = child("conv_norm_out", new GroupNorm(init, c.normNumGroups(), ch.get(n - 1), eps));
        this.convOut = child("conv_out", new Conv2d(init, ch.get(n - 1), 2 * c.latentChannels(), 3));
    }

    /** x [B, C_in, H, W] in [-1, 1] -> moments [B, 2*latent, H/f, W/f]. */
    public Tensor forward(Tensor x) {
        Tensor h = convIn.forward(x);
        for (DownEncoderBlock2D d : downBlocks) h = d.forward(h);
        h = midBlock.forward(h);
        return convOut.forward(act.apply(convNormOut.forward(h)));
    }
}
