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
 * The VAE decoder, diffusers' {@code Decoder} (diffusers/models/autoencoders/vae.py):
 * <pre>
 *   h = conv_in(z)                               // [B, ch_last, h, w]
 *   h = mid_block(h)
 *   F = up_blocks(h)                             // [B, ch0, H, W]  decoder features (matting head input)
 *   x = conv_out(act(conv_norm_out(F)))          // [B, C_out, H, W]
 * </pre>
 */
public final class Decoder extends DmModule {
    /** Decoded image and the decoder's last feature maps F (output of the last up block). */
    public record Output(Tensor sample, Tensor features) {}

    private final Conv2d convIn;
    private final UNetMidBlock2D midBlock;
    private final ModuleList<UpDecoderBlock2D> upBlocks;
    private final GroupNorm convNormOut;
    private final Conv2d convOut;
    private final Activation act;

    public Decoder(AutoencoderKLConfig c, ParamInit init) {
        List<Integer> ch = c.blockOutChannels();
        int n = ch.size();
        double eps = 1e-6;
        this.act = Activation.of(c.actFn(), "vae act_fn");
        this.convIn = child("conv_in", new Conv2d(init, c.latentChannels(), ch.get(n - 1), 3));
        this.midBlock = child("mid_block", new UNetMidBlock2D(init, ch.get(n - 1), c.normNumGroups(), eps, act,
                c.midBlockAddAttention(), ch.get(n - 1)));
        this.upBlocks = child("up_blocks", new ModuleList<>());
        int out = ch.get(n - 1);
        for (int i = 0; i < n; i++) {
            int prev = out;
            out = ch.get(n - 1 - i);
            upBlocks.add(new UpDecoderBlock2D(init, prev, out, c.layersPerBlock() + 1, c.normNumGroups(), eps, act, i < n - 1));
        }
        this.convNormOut = child("conv_norm_out", new GroupNorm(init, c.normNumGroups(), ch.get(0), eps));
        this.convOut = child("conv_out", new Conv2d(init, ch.get(0), c.outChannels(), 3));
    }

    /** z [B, latent, h, w] (after post_quant_conv) -> image and features. */
    public Output forwardWithFeatures(Tensor z) {
        Tensor h = convIn.forward(z);
        h = midBlock.forward(h);
        for (UpDecoderBlock2D u : upBlocks) h = u.forward(h);
        Tensor x = convOut.forward(act.apply(convNormOut.forward(h)));
        return new Output(x, h);
    }

    /** z [B, latent, h, w] -> image [B, C_out, H, W]. */
    public Tensor forward(Tensor z) {
        return forwardWithFeatures(z).sample();
    }
}
