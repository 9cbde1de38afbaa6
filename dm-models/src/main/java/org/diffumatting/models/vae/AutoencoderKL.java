package org.diffumatting.models.vae;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;
import org.diffumatting.models.nn.Conv2d;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.Shapes;
import org.diffumatting.models.registry.ConfiguredModel;

/**
 * The KL-regularised autoencoder of latent diffusion, parameter-for-parameter diffusers'
 * {@code AutoencoderKL} (diffusers/models/autoencoders/autoencoder_kl.py): {@code encoder},
 * {@code quant_conv} (1x1, 2L->2L), {@code post_quant_conv} (1x1, L->L), {@code decoder}.
 *
 * <p>Images are [B, 3, H, W] in [-1, 1]; latents [B, L, H/f, W/f]. The diffusion model works on
 * x0 = (z - shift_factor) * scaling_factor (see {@link #toModelLatents}); decode takes raw z.
 */
public final class AutoencoderKL extends DmModule implements ConfiguredModel {
    private final AutoencoderKLConfig config;
    private final Encoder encoder;
    private final Decoder decoder;
    private final Conv2d quantConv;
    private final Conv2d postQuantConv;

    public AutoencoderKL(AutoencoderKLConfig cfg, ParamInit init) {
        cfg.validate("AutoencoderKLConfig");
        this.config = cfg;
        int l = cfg.latentChannels();
        this.encoder = child("encoder", new Encoder(cfg, init));
        this.decoder = child("decoder", new Decoder(cfg, init));
        this.quantConv = cfg.useQuantConv() ? child("quant_conv", new Conv2d(init, 2 * l, 2 * l, 1)) : null;
        this.postQuantConv = cfg.usePostQuantConv() ? child("post_quant_conv", new Conv2d(init, l, l, 1)) : null;
    }

    public AutoencoderKLConfig config() {
        return config;
    }

    @Override
    public com.fasterxml.jackson.databind.node.ObjectNode configJson() {
        return config.toJson();
    }

    /** x [B, C_in, H, W] in [-1, 1] (H, W multiples of f) -> posterior over z [B, L, H/f, W/f]. */
    public DiagonalGaussian encode(Tensor x) {
        long[] s = Shapes.of(x);
        int f = config.downsamplingFactor();
        if (s.length != 4 || s[1] != config.inChannels() || s[2] % f != 0 || s[3] % f != 0) {
            throw new DmException("AutoencoderKL.encode: input must be [B, " + config.inChannels() + ", H, W] with H, W multiples of "
                    + f + ", got " + Shapes.text(s));
        }
        Tensor moments = encoder.forward(x);
        if (quantConv != null) moments = quantConv.forward(moments);
        return new DiagonalGaussian(moments);
    }

    /** z [B, L, h, w] (raw latent, not scaled) -> image [B, C_out, f*h, f*w], roughly [-1, 1]. */
    public Tensor decode(Tensor z) {
        return decoder.forward(postQuant(z));
    }

    /**
     * Decodes and also returns the decoder's last feature maps F [B, block_out_channels[0], H, W]:
     * the output of the last up block, <em>before</em> conv_norm_out / conv_act / conv_out (the
     * matting head's input, docs/DESIGN.md section 3).
     */
    public Decoder.Output decodeWithFeatures(Tensor z) {
        return decoder.forwardWithFeatures(postQuant(z));
    }

    private Tensor postQuant(Tensor z) {
        if (z.dim() != 4 || z.size(1) != config.latentChannels()) {
            throw new DmException("AutoencoderKL.decode: latent must be [B, " + config.latentChannels() + ", h, w], got " + Shapes.text(Shapes.of(z)));
        }
        return postQuantConv == null ? z : postQuantConv.forward(z);
    }

    /** x0 = (z - shift_factor) * scaling_factor: the latent the UNet sees. */
    public Tensor toModelLatents(Tensor z) {
        Tensor t = config.shiftFactor() == null ? z : z.sub(new org.bytedeco.pytorch.Scalar(config.shiftFactor()));
        return t.mul(new org.bytedeco.pytorch.Scalar(config.scalingFactor()));
    }

    /** z = x0 / scaling_factor + shift_factor: inverse of {@link #toModelLatents}. */
    public Tensor fromModelLatents(Tensor x0) {
        Tensor t = x0.div(new org.bytedeco.pytorch.Scalar(config.scalingFactor()));
        return config.shiftFactor() == null ? t : t.add(new org.bytedeco.pytorch.Scalar(config.shiftFactor()));
    }
}
