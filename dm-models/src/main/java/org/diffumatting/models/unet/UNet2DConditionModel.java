package org.diffumatting.models.unet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.StateDict;
import org.diffumatting.models.nn.Activation;
import org.diffumatting.models.nn.Conv2d;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.GroupNorm;
import org.diffumatting.models.nn.ModuleList;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.Shapes;
import org.diffumatting.models.registry.ConfiguredModel;

/**
 * The conditional denoising UNet of Stable Diffusion, parameter-for-parameter diffusers'
 * {@code UNet2DConditionModel} (diffusers/models/unets/unet_2d_condition.py), so diffusers
 * checkpoints load strictly.
 *
 * <p>Notation: x_t = noisy latent [B, C, H, W] ({@code sample}), t = timesteps [B], c = text
 * embeddings [B, T, D] ({@code encoder_hidden_states}), y = class labels [B, D_c] ({@code class_labels},
 * only with class_embed_type "projection"); output eps_hat (or v) [B, C_out, H, W].
 * <pre>
 *   temb = time_embedding(time_proj(t))          // [B, 4*ch0]
 *   temb = temb + class_embedding(y)             // "projection": TimestepEmbedding D_c -> 4*ch0 (SiLU)
 *   h = conv_in(x_t); skips = [h]
 *   for each down block: h, s = down(h, temb, c); skips += s   (+ ControlNet residuals)
 *   h = mid_block(h, temb, c)                                   (+ ControlNet mid residual)
 *   for each up block: h = up(h, pop skips, temb, c)
 *   out = conv_out(act(conv_norm_out(h)))
 * </pre>
 */
public final class UNet2DConditionModel extends DmModule implements ConfiguredModel {
    private final UNet2DConditionConfig config;
    private final Conv2d convIn;
    private final SinusoidalTimesteps timeProj;
    private final TimestepEmbedding timeEmbedding;
    /** class_embed_type "projection": y [B, D_c] -> [B, 4*ch0]; null without class embedding. */
    private final TimestepEmbedding classEmbedding;
    private final ModuleList<DownBlock2D> downBlocks;
    private final UNetMidBlock2DCrossAttn midBlock;
    private final ModuleList<UpBlock2D> upBlocks;
    private final GroupNorm convNormOut;
    private final Conv2d convOut;
    private final Activation act;

    public UNet2DConditionModel(UNet2DConditionConfig cfg, ParamInit init) {
        cfg.validate("UNet2DConditionConfig");
        this.config = cfg;
        int n = cfg.levels();
        String where = "UNet2DConditionConfig";
        List<Integer> ch = cfg.blockOutChannels();
        List<Integer> layers = cfg.layersPerBlock().perBlock(n, "layers_per_block", where);
        List<Integer> heads = cfg.attentionHeadDim().perBlock(n, "attention_head_dim", where);
        List<Integer> cross = cfg.crossAttentionDim().perBlock(n, "cross_attention_dim", where);
        List<Integer> tLayers = cfg.transformerLayersPerBlock().perBlock(n, "transformer_layers_per_block", where);
        this.act = Activation.of(cfg.actFn(), where);
        int groups = cfg.normNumGroups();
        double eps = cfg.normEps();
        int tembDim = ch.get(0) * 4;

        this.convIn = child("conv_in", new Conv2d(init, cfg.inChannels(), ch.get(0), cfg.convInKernel()));
        this.timeProj = new SinusoidalTimesteps(ch.get(0), cfg.flipSinToCos(), cfg.freqShift());
        this.timeEmbedding = child("time_embedding", new TimestepEmbedding(init, ch.get(0), tembDim, act));
        // diffusers builds the projection embedding with TimestepEmbedding's default act_fn "silu", whatever act_fn says
        this.classEmbedding = cfg.hasClassEmbedding() ? child("class_embedding",
                new TimestepEmbedding(init, cfg.projectionClassEmbeddingsInputDim(), tembDim, Activation.of("silu", where))) : null;

        this.downBlocks = child("down_blocks", new ModuleList<>());
        int out = ch.get(0);
        for (int i = 0; i < n; i++) {
            int in = out;
            out = ch.get(i);
            boolean cross_ = cfg.downBlockTypes().get(i).equals("CrossAttnDownBlock2D");
            downBlocks.add(new DownBlock2D(init, in, out, tembDim, layers.get(i), groups, eps, act, cfg.resnetOutScaleFactor(),
                    i < n - 1, cfg.downsamplePadding(), cross_ ? heads.get(i) : null, tLayers.get(i), cross.get(i),
                    cfg.useLinearProjection()));
        }

        this.midBlock = child("mid_block", new UNetMidBlock2DCrossAttn(init, ch.get(n - 1), tembDim, groups, eps, act,
                cfg.midBlockScaleFactor(), heads.get(n - 1), tLayers.get(n - 1), cross.get(n - 1), cfg.useLinearProjection()));

        this.upBlocks = child("up_blocks", new ModuleList<>());
        out = ch.get(n - 1);
        for (int i = 0; i < n; i++) {
            int r = n - 1 - i; // level index from the top
            int prevOut = out;
            out = ch.get(r);
            int in = ch.get(Math.max(r - 1, 0));
            boolean cross_ = cfg.upBlockTypes().get(i).equals("CrossAttnUpBlock2D");
            upBlocks.add(new UpBlock2D(init, in, out, prevOut, tembDim, layers.get(r) + 1, groups, eps, act,
                    cfg.resnetOutScaleFactor(), i < n - 1, cross_ ? heads.get(r) : null, tLayers.get(r), cross.get(r),
                    cfg.useLinearProjection()));
        }

        this.convNormOut = child("conv_norm_out", new GroupNorm(init, groups, ch.get(0), eps));
        this.convOut = child("conv_out", new Conv2d(init, ch.get(0), cfg.outChannels(), cfg.convOutKernel()));
    }

    public UNet2DConditionConfig config() {
        return config;
    }

    @Override
    public com.fasterxml.jackson.databind.node.ObjectNode configJson() {
        return config.toJson();
    }

    /** Number of ControlNet down residuals this UNet accepts (= skip tensors, conv_in output included). */
    public int skipCount() {
        int k = 1;
        for (DownBlock2D d : downBlocks) k += d.skipCount();
        return k;
    }

    /**
     * This UNet with a class embedding added (class_embed_type "projection" of input width {@code dim}): every other
     * parameter copied, {@code class_embedding.linear_1} from {@code init}, {@code class_embedding.linear_2} zero, so
     * the new model computes exactly what this one does until training moves linear_2 (as ControlNet's zero convs).
     */
    public UNet2DConditionModel withProjectionClassEmbedding(int dim, ParamInit init) {
        if (classEmbedding != null) throw new DmException("UNet2DConditionModel: the UNet already has a class embedding");
        UNet2DConditionModel grown = new UNet2DConditionModel(config.withProjectionClassEmbedding(dim), init);
        Map<String, Tensor> mine = StateDict.of(this);
        try (NoGradGuard g = new NoGradGuard()) {
            for (Map.Entry<String, Tensor> e : StateDict.of(grown).entrySet()) {
                if (e.getKey().startsWith("class_embedding.")) {
                    if (e.getKey().startsWith("class_embedding.linear_2.")) e.getValue().zero_();
                } else {
                    e.getValue().copy_(mine.get(e.getKey()));
                }
            }
        }
        grown.train(is_training());
        return grown;
    }

    /** The embedding of class_embed_type "projection" (module {@code class_embedding}), or null. */
    public TimestepEmbedding classEmbedding() {
        return classEmbedding;
    }

    /** {@link #forward(Tensor, Tensor, Tensor, Tensor, ControlResiduals)} without class labels or ControlNet residuals. */
    public Tensor forward(Tensor sample, Tensor timesteps, Tensor encoderHiddenStates) {
        return forward(sample, timesteps, encoderHiddenStates, null, null);
    }

    /** {@link #forward(Tensor, Tensor, Tensor, Tensor, ControlResiduals)} with the prompts' states and class labels. */
    public Tensor forward(Tensor sample, Tensor timesteps, UNetConditioning context) {
        return forward(sample, timesteps, context.states(), context.classLabels(), null);
    }

    /** {@link #forward(Tensor, Tensor, Tensor, Tensor, ControlResiduals)} without class labels. */
    public Tensor forward(Tensor sample, Tensor timesteps, Tensor encoderHiddenStates, ControlResiduals control) {
        return forward(sample, timesteps, encoderHiddenStates, null, control);
    }

    /**
     * @param sample              x_t [B, C_in, H, W]
     * @param timesteps           [B] or [1] (broadcast to B), integer or real
     * @param encoderHiddenStates c [B, T, cross_attention_dim]
     * @param classLabels         y [B, projection_class_embeddings_input_dim] when the config has a class embedding,
     *                            else null
     * @param control             ControlNet residuals or null
     * @return model output [B, C_out, H, W]
     */
    public Tensor forward(Tensor sample, Tensor timesteps, Tensor encoderHiddenStates, Tensor classLabels, ControlResiduals control) {
        long[] s = Shapes.of(sample);
        if (s.length != 4 || s[1] != config.inChannels()) {
            throw new DmException("UNet2DConditionModel: sample must be [B, " + config.inChannels() + ", H, W], got " + Shapes.text(s));
        }
        long b = s[0];
        Tensor t = timesteps.dim() == 0 ? timesteps.reshape(1) : timesteps;
        if (t.size(0) != b) t = t.expand(b);
        if (config.centerInputSample()) sample = sample.mul(new org.bytedeco.pytorch.Scalar(2.0)).sub(new org.bytedeco.pytorch.Scalar(1.0));

        // 1. time embedding: [B] -> [B, ch0] (float32) -> sample dtype -> [B, 4*ch0]; plus the class embedding
        Tensor temb = timeEmbedding.forward(timeProj.forward(t).to(sample.scalar_type()));
        if (classEmbedding != null) {
            if (classLabels == null) {
                throw new DmException("UNet2DConditionModel: class_embed_type \"projection\" needs class_labels [B, "
                        + config.projectionClassEmbeddingsInputDim() + "]");
            }
            long[] y = Shapes.of(classLabels);
            if (y.length != 2 || y[0] != b || y[1] != config.projectionClassEmbeddingsInputDim()) {
                throw new DmException("UNet2DConditionModel: class_labels must be [" + b + ", "
                        + config.projectionClassEmbeddingsInputDim() + "], got " + Shapes.text(y));
            }
            temb = temb.add(classEmbedding.forward(classLabels.to(sample.scalar_type())));
        } else if (classLabels != null) {
            throw new DmException("UNet2DConditionModel: class_labels given, but the config has no class_embed_type");
        }

        // 2. pre-process and down blocks
        Tensor h = convIn.forward(sample); // [B, ch0, H, W]
        List<Tensor> skips = new ArrayList<>();
        skips.add(h);
        for (DownBlock2D d : downBlocks) {
            DownBlock2D.Output o = d.forward(h, temb, encoderHiddenStates);
            h = o.hidden();
            skips.addAll(o.skips());
        }
        if (control != null && control.down() != null) {
            if (control.down().size() != skips.size()) {
                throw new DmException("UNet2DConditionModel: " + control.down().size() + " ControlNet down residuals given, the UNet has " + skips.size() + " skips");
            }
            for (int i = 0; i < skips.size(); i++) skips.set(i, skips.get(i).add(control.down().get(i)));
        }

        // 3. mid block
        h = midBlock.forward(h, temb, encoderHiddenStates);
        if (control != null && control.mid() != null) h = h.add(control.mid());

        // 4. up blocks: each consumes its skips from the end of the list
        for (UpBlock2D u : upBlocks) {
            int k = u.skipCount();
            List<Tensor> mine = new ArrayList<>(skips.subList(skips.size() - k, skips.size()));
            skips.subList(skips.size() - k, skips.size()).clear();
            long[] upTo = skips.isEmpty() ? null : new long[] {skips.get(skips.size() - 1).size(2), skips.get(skips.size() - 1).size(3)};
            h = u.forward(h, mine, temb, encoderHiddenStates, upTo);
        }

        // 5. post-process
        return convOut.forward(act.apply(convNormOut.forward(h)));
    }
}
