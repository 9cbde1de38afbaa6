package org.diffumatting.models.matting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.StateDict;
import org.diffumatting.models.nn.Activation;
import org.diffumatting.models.nn.Conv2d;
import org.diffumatting.models.nn.Downsample2D;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.GroupNorm;
import org.diffumatting.models.nn.ModuleList;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.ResnetBlock2D;
import org.diffumatting.models.nn.Shapes;
import org.diffumatting.models.nn.Upsample2D;
import org.diffumatting.models.registry.ConfiguredModel;

/**
 * The DiffuMatting matting head (docs/DESIGN.md section 3; our design, after LayerDiffuse's
 * transparent decoder): a shallow UNet at pixel resolution that turns what the VAE decoder
 * produced into an alpha matte and a green-free foreground.
 *
 * <p>Inputs: decoded image I_hat [B, 3, H, W] (decoder output, about [-1, 1]), decoder features
 * F [B, C_f, H, W] (output of the decoder's last up block, before its conv_norm_out; see
 * {@code AutoencoderKL.decodeWithFeatures}), optionally the latent z [B, L, H/8, W/8].
 * <pre>
 *   h = conv_in(cat(I_hat, F))                                 // [B, c0, H, W]
 *   h = h + upsample_nearest(latent_proj(z), H, W)             // latent_proj: 1x1 conv, zero-initialised,
 *                                                              // so training starts from the pixel path
 *   level i = 0..n-1: h = down_blocks.i.resnets(h); skip_i = h; h = down_blocks.i.downsamplers.0(h) (i < n-1)
 *   h = mid_block(h)
 *   level i = n-2..0: h = up_blocks.j.upsamplers.0(h, size of skip_i); h = up_blocks.j.resnets(cat(h, skip_i))
 *   o = conv_out(act(conv_norm_out(h)))                        // [B, 4, H, W]
 *   alpha = sigmoid(o[:, 0:1]);  F_fg = sigmoid(o[:, 1:4])
 * </pre>
 * Resnets are the diffusers ResnetBlock2D without time embedding (GroupNorm + SiLU).
 */
public final class MattingHead extends DmModule implements ConfiguredModel {
    private final MattingHeadConfig config;
    private final Conv2d convIn;
    private final Conv2d latentProj;
    private final List<ModuleList<ResnetBlock2D>> downResnets = new ArrayList<>();
    private final List<Downsample2D> downsamplers = new ArrayList<>();
    private final ResnetBlock2D midBlock;
    private final List<Upsample2D> upsamplers = new ArrayList<>();
    private final List<ModuleList<ResnetBlock2D>> upResnets = new ArrayList<>();
    private final GroupNorm convNormOut;
    private final Conv2d convOut;
    private final Activation act;

    public MattingHead(MattingHeadConfig cfg, ParamInit init) {
        cfg.validate("MattingHeadConfig");
        this.config = cfg;
        this.act = Activation.of(cfg.actFn(), "MattingHeadConfig act_fn");
        List<Integer> ch = cfg.blockOutChannels();
        int n = ch.size();
        int g = cfg.normNumGroups();
        double eps = cfg.normEps();
        this.convIn = child("conv_in", new Conv2d(init, cfg.imageChannels() + cfg.featureChannels(), ch.get(0), 3));
        if (cfg.latentChannels() > 0) {
            this.latentProj = child("latent_proj", zeroed(new Conv2d(init, cfg.latentChannels(), ch.get(0), 1, 1, 0, true), init));
        } else {
            this.latentProj = null;
        }
        ModuleList<DmModule> down = child("down_blocks", new ModuleList<>());
        int prev = ch.get(0);
        for (int i = 0; i < n; i++) {
            DmModule level = down.add(new Level());
            ModuleList<ResnetBlock2D> rs = ((Level) level).add("resnets", new ModuleList<>());
            for (int k = 0; k < cfg.layersPerBlock(); k++) rs.add(new ResnetBlock2D(init, k == 0 ? prev : ch.get(i), ch.get(i), null, g, eps, act, 1.0));
            downResnets.add(rs);
            if (i < n - 1) {
                ModuleList<Downsample2D> ds = ((Level) level).add("downsamplers", new ModuleList<>());
                downsamplers.add(ds.add(new Downsample2D(init, ch.get(i), ch.get(i), 1)));
            }
            prev = ch.get(i);
        }
        this.midBlock = child("mid_block", new ResnetBlock2D(init, ch.get(n - 1), ch.get(n - 1), null, g, eps, act, 1.0));
        ModuleList<DmModule> up = child("up_blocks", new ModuleList<>());
        for (int i = n - 2; i >= 0; i--) {
            Level level = (Level) up.add(new Level());
            ModuleList<Upsample2D> us = level.add("upsamplers", new ModuleList<>());
            upsamplers.add(us.add(new Upsample2D(init, ch.get(i + 1), ch.get(i + 1))));
            ModuleList<ResnetBlock2D> rs = level.add("resnets", new ModuleList<>());
            for (int k = 0; k < cfg.layersPerBlock(); k++) {
                int in = k == 0 ? ch.get(i + 1) + ch.get(i) : ch.get(i);
                rs.add(new ResnetBlock2D(init, in, ch.get(i), null, g, eps, act, 1.0));
            }
            upResnets.add(rs);
        }
        this.convNormOut = child("conv_norm_out", new GroupNorm(init, g, ch.get(0), eps));
        this.convOut = child("conv_out", new Conv2d(init, ch.get(0), 4, 3));
    }

    public MattingHeadConfig config() {
        return config;
    }

    @Override
    public ObjectNode configJson() {
        return config.toJson();
    }

    /**
     * @param image    decoded image [B, 3, H, W]
     * @param features decoder features [B, C_f, H, W] (may be null when feature_channels = 0)
     * @param latent   latent [B, L, h, w] or null (the latent path then contributes nothing)
     */
    public MattingOutput forward(Tensor image, Tensor features, Tensor latent) {
        long[] s = Shapes.of(image);
        if (s.length != 4 || s[1] != config.imageChannels()) {
            throw new DmException("MattingHead: image must be [B, " + config.imageChannels() + ", H, W], got " + Shapes.text(s));
        }
        Tensor x = image;
        if (config.featureChannels() > 0) {
            if (features == null || features.dim() != 4 || features.size(1) != config.featureChannels()
                    || features.size(2) != s[2] || features.size(3) != s[3]) {
                throw new DmException("MattingHead: features must be [B, " + config.featureChannels() + ", " + s[2] + ", " + s[3] + "], got "
                        + (features == null ? "null" : Shapes.text(Shapes.of(features))));
            }
            x = torch.cat(new TensorVector(image, features.to(image.scalar_type())), 1); // [B, 3 + C_f, H, W]
        }
        Tensor h = convIn.forward(x); // [B, c0, H, W]
        if (latentProj != null && latent != null) {
            Tensor l = latentProj.forward(latent.to(image.scalar_type()));                 // [B, c0, h, w]
            h = h.add(torch.upsample_nearest2d(l, new long[] {s[2], s[3]}, new DoubleOptional(), new DoubleOptional())); // [B, c0, H, W]
        }
        List<Tensor> skips = new ArrayList<>();
        for (int i = 0; i < downResnets.size(); i++) {
            for (ResnetBlock2D r : downResnets.get(i)) h = r.forward(h, null);
            skips.add(h);
            if (i < downsamplers.size()) h = downsamplers.get(i).forward(h);
        }
        h = midBlock.forward(h, null);
        for (int j = 0; j < upResnets.size(); j++) {
            Tensor skip = skips.get(skips.size() - 2 - j); // levels n-2 .. 0
            h = upsamplers.get(j).forward(h, skip.size(2), skip.size(3));
            h = torch.cat(new TensorVector(h, skip), 1); // [B, c_{i+1} + c_i, H_i, W_i]
            for (ResnetBlock2D r : upResnets.get(j)) h = r.forward(h, null);
        }
        Tensor o = convOut.forward(act.apply(convNormOut.forward(h))); // [B, 4, H, W]
        Tensor alpha = torch.sigmoid(o.narrow(1, 0, 1));      // [B, 1, H, W]
        Tensor fg = torch.sigmoid(o.narrow(1, 1, 3));         // [B, 3, H, W]
        return new MattingOutput(alpha, fg);
    }

    /** A container level ({@code down_blocks.i} / {@code up_blocks.j}) holding named children. */
    private static final class Level extends DmModule {
        <M extends org.bytedeco.pytorch.Module> M add(String name, M m) {
            return child(name, m);
        }
    }

    /** Zero-initialises {@code conv} (seeded mode), so the latent path starts contributing nothing. */
    private static Conv2d zeroed(Conv2d conv, ParamInit init) {
        if (init.mode() == ParamInit.Mode.SEEDED) {
            try (NoGradGuard g = new NoGradGuard()) {
                for (Tensor p : StateDict.of(conv).values()) p.zero_();
            }
        }
        return conv;
    }
}
