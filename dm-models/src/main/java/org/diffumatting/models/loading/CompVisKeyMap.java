package org.diffumatting.models.loading;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every rename from an original (CompVis/LDM) Stable Diffusion single-file checkpoint to the
 * diffusers/transformers component state dicts, in one table. Derived from diffusers
 * loaders/single_file_utils.py ({@code convert_ldm_unet_checkpoint}, {@code convert_ldm_vae_checkpoint},
 * {@code convert_ldm_clip_checkpoint}, {@code update_unet_resnet_ldm_to_diffusers},
 * {@code update_vae_attentions_ldm_to_diffusers}, {@code conv_attn_to_linear}).
 *
 * <p>Prefixes: {@code model.diffusion_model.} -> unet, {@code first_stage_model.} -> vae,
 * {@code cond_stage_model.transformer.} -> text_encoder. Index arithmetic (L = unet layers_per_block,
 * N = number of VAE blocks):
 * <pre>
 * input_blocks.i.0.op          -> down_blocks.b.downsamplers.0.conv      b = (i-1) / (L+1)
 * input_blocks.i.0 (resnet)    -> down_blocks.b.resnets.j                j = (i-1) % (L+1)
 * input_blocks.i.1 (attention) -> down_blocks.b.attentions.j
 * middle_block.0 / .1 / .2     -> mid_block.resnets.0 / attentions.0 / resnets.1
 * output_blocks.i.0            -> up_blocks.b.resnets.j                  b = i / (L+1), j = i % (L+1)
 * output_blocks.i.{1|2}.conv   -> up_blocks.b.upsamplers.0.conv
 * output_blocks.i.1 (other)    -> up_blocks.b.attentions.j
 * resnet parts: in_layers.0 norm1, in_layers.2 conv1, out_layers.0 norm2, out_layers.3 conv2,
 *               emb_layers.1 time_emb_proj, skip_connection conv_shortcut
 * VAE: encoder.down.i.block.j -> encoder.down_blocks.i.resnets.j; decoder.up.i -> decoder.up_blocks.(N-1-i)
 *      (the decoder's order is reversed); downsample/upsample.conv -> down/upsamplers.0.conv;
 *      mid.block_1/2 -> mid_block.resnets.0/1; nin_shortcut -> conv_shortcut; norm_out -> conv_norm_out;
 *      mid.attn_1.{norm,q,k,v,proj_out} -> mid_block.attentions.0.{group_norm,to_q,to_k,to_v,to_out.0},
 *      whose 1x1 conv weights [C, C, 1, 1] become linear weights [C, C] ({@link Reshape#SQUEEZE_TO_LINEAR}).
 * text: cond_stage_model.transformer.text_model.X -> text_model.X (older saves without "text_model." too).
 * </pre>
 * Keys that are not weights of the three components are ignored ({@link #isIgnored}): the DDPM
 * schedule buffers ({@code betas, alphas_cumprod, alphas_cumprod_prev, sqrt_alphas_cumprod,
 * sqrt_one_minus_alphas_cumprod, log_one_minus_alphas_cumprod, sqrt_recip_alphas_cumprod,
 * sqrt_recipm1_alphas_cumprod, posterior_variance, posterior_log_variance_clipped,
 * posterior_mean_coef1, posterior_mean_coef2, logvar, lvlb_weights}), the EMA copy
 * {@code model_ema.*} (read instead of the training weights only on request), and the text
 * encoder's {@code position_ids} buffer. Anything else that no rule maps is "unknown".
 */
public final class CompVisKeyMap {
    /** The diffusers pipeline component a key belongs to. */
    public enum Component {
        UNET("unet"), VAE("vae"), TEXT_ENCODER("text_encoder");

        private final String folderName;

        Component(String folderName) {
            this.folderName = folderName;
        }

        /** The diffusers folder name (unet, vae, text_encoder). */
        public String folderName() {
            return folderName;
        }
    }

    /** How a tensor changes on the way. */
    public enum Reshape {
        NONE,
        /** [C, C, 1, 1] (or [C, C, 1]) conv weight -> [C, C] linear weight (diffusers conv_attn_to_linear). */
        SQUEEZE_TO_LINEAR;

        public long[] apply(long[] shape) {
            if (this == NONE || shape.length <= 2) {
                return shape;
            }
            for (int i = 2; i < shape.length; i++) {
                if (shape[i] != 1) {
                    throw new IllegalArgumentException("cannot squeeze " + Arrays.toString(shape) + " to a linear weight");
                }
            }
            return new long[]{shape[0], shape[1]};
        }
    }

    /** Where a CompVis key goes. */
    public record Target(Component component, String key, Reshape reshape) {}

    public static final String UNET_PREFIX = "model.diffusion_model.";
    public static final String VAE_PREFIX = "first_stage_model.";
    public static final String TEXT_PREFIX = "cond_stage_model.transformer.";
    public static final String EMA_PREFIX = "model_ema.";

    /** Non-weight keys of LDM checkpoints (ddpm.py register_schedule + logvar), ignored. */
    public static final Set<String> SCHEDULE_BUFFERS = Set.of("betas", "alphas_cumprod", "alphas_cumprod_prev",
            "sqrt_alphas_cumprod", "sqrt_one_minus_alphas_cumprod", "log_one_minus_alphas_cumprod",
            "sqrt_recip_alphas_cumprod", "sqrt_recipm1_alphas_cumprod", "posterior_variance",
            "posterior_log_variance_clipped", "posterior_mean_coef1", "posterior_mean_coef2", "logvar", "lvlb_weights");
    /** The CLIP position_ids buffer (see CLIPTextModel), ignored. */
    public static final Set<String> TEXT_BUFFERS = Set.of(TEXT_PREFIX + "text_model.embeddings.position_ids",
            TEXT_PREFIX + "embeddings.position_ids");

    private final int unetLayersPerBlock;
    private final int vaeBlocks;
    private final List<Rule> rules;

    /**
     * @param unetLayersPerBlock the UNet's layers_per_block (SD 1.5: 2)
     * @param vaeBlocks          the number of VAE down/up blocks, len(block_out_channels) (SD 1.5: 4)
     */
    public CompVisKeyMap(int unetLayersPerBlock, int vaeBlocks) {
        if (unetLayersPerBlock < 1 || vaeBlocks < 1) {
            throw new IllegalArgumentException("layers_per_block and VAE blocks must be >= 1");
        }
        this.unetLayersPerBlock = unetLayersPerBlock;
        this.vaeBlocks = vaeBlocks;
        this.rules = buildRules();
    }

    /**
     * The table for the models these configs build. The UNet's layers_per_block must be one number
     * (LDM checkpoints number their blocks with a single num_res_blocks).
     */
    public static CompVisKeyMap forConfigs(org.diffumatting.models.unet.UNet2DConditionConfig unet,
                                           org.diffumatting.models.vae.AutoencoderKLConfig vae) {
        List<Integer> perBlock = unet.layersPerBlock().perBlock(unet.blockOutChannels().size(), "layers_per_block", "unet config");
        if (perBlock.stream().distinct().count() != 1) {
            throw new org.diffumatting.common.DmException("unet config: layers_per_block " + perBlock
                    + " differs between blocks; single-file (LDM) checkpoints need one value");
        }
        return new CompVisKeyMap(perBlock.get(0), vae.blockOutChannels().size());
    }

    /** SD 1.x: layers_per_block 2, 4 VAE blocks. */
    public static CompVisKeyMap sd15() {
        return new CompVisKeyMap(2, 4);
    }

    /** A rule: a regex on the key without its component prefix and the diffusers name it builds. */
    private record Rule(Component component, Pattern pattern, Function<Matcher, String> target, Reshape reshape) {}

    private static final String P = "(weight|bias)";
    private static final String RESNET_PART = "(in_layers\\.0|in_layers\\.2|out_layers\\.0|out_layers\\.3|emb_layers\\.1|skip_connection)";
    private static final String VAE_RESNET_PART = "(norm1|conv1|norm2|conv2|nin_shortcut)";

    private List<Rule> buildRules() {
        int l1 = unetLayersPerBlock + 1;
        Component u = Component.UNET;
        Component v = Component.VAE;
        Component t = Component.TEXT_ENCODER;
        return List.of(
                // ---- UNet ----
                rule(u, "time_embed\\.0\\." + P, m -> "time_embedding.linear_1." + m.group(1)),
                rule(u, "time_embed\\.2\\." + P, m -> "time_embedding.linear_2." + m.group(1)),
                // class embedding (class_embed_type "timestep"/"projection"; LDM's label_emb Sequential)
                rule(u, "label_emb\\.0\\.0\\." + P, m -> "class_embedding.linear_1." + m.group(1)),
                rule(u, "label_emb\\.0\\.2\\." + P, m -> "class_embedding.linear_2." + m.group(1)),
                rule(u, "input_blocks\\.0\\.0\\." + P, m -> "conv_in." + m.group(1)),
                rule(u, "out\\.0\\." + P, m -> "conv_norm_out." + m.group(1)),
                rule(u, "out\\.2\\." + P, m -> "conv_out." + m.group(1)),
                rule(u, "input_blocks\\.(\\d+)\\.0\\.op\\." + P,
                        m -> "down_blocks." + (num(m, 1) - 1) / l1 + ".downsamplers.0.conv." + m.group(2)),
                rule(u, "input_blocks\\.(\\d+)\\.0\\." + RESNET_PART + "\\." + P,
                        m -> "down_blocks." + (num(m, 1) - 1) / l1 + ".resnets." + (num(m, 1) - 1) % l1 + "."
                                + resnetPart(m.group(2)) + "." + m.group(3)),
                rule(u, "input_blocks\\.(\\d+)\\.1\\.(.+)",
                        m -> "down_blocks." + (num(m, 1) - 1) / l1 + ".attentions." + (num(m, 1) - 1) % l1 + "." + m.group(2)),
                rule(u, "middle_block\\.([02])\\." + RESNET_PART + "\\." + P,
                        m -> "mid_block.resnets." + num(m, 1) / 2 + "." + resnetPart(m.group(2)) + "." + m.group(3)),
                rule(u, "middle_block\\.1\\.(.+)", m -> "mid_block.attentions.0." + m.group(1)),
                rule(u, "output_blocks\\.(\\d+)\\.0\\." + RESNET_PART + "\\." + P,
                        m -> "up_blocks." + num(m, 1) / l1 + ".resnets." + num(m, 1) % l1 + "."
                                + resnetPart(m.group(2)) + "." + m.group(3)),
                rule(u, "output_blocks\\.(\\d+)\\.[12]\\.conv\\." + P,
                        m -> "up_blocks." + num(m, 1) / l1 + ".upsamplers.0.conv." + m.group(2)),
                rule(u, "output_blocks\\.(\\d+)\\.1\\.(.+)",
                        m -> "up_blocks." + num(m, 1) / l1 + ".attentions." + num(m, 1) % l1 + "." + m.group(2)),
                // ---- VAE ----
                rule(v, "(encoder|decoder)\\.(conv_in|conv_out)\\." + P, m -> m.group(1) + "." + m.group(2) + "." + m.group(3)),
                rule(v, "(encoder|decoder)\\.norm_out\\." + P, m -> m.group(1) + ".conv_norm_out." + m.group(2)),
                rule(v, "(quant_conv|post_quant_conv)\\." + P, m -> m.group(1) + "." + m.group(2)),
                rule(v, "encoder\\.down\\.(\\d+)\\.block\\.(\\d+)\\." + VAE_RESNET_PART + "\\." + P,
                        m -> "encoder.down_blocks." + m.group(1) + ".resnets." + m.group(2) + "."
                                + vaeResnetPart(m.group(3)) + "." + m.group(4)),
                rule(v, "encoder\\.down\\.(\\d+)\\.downsample\\.conv\\." + P,
                        m -> "encoder.down_blocks." + m.group(1) + ".downsamplers.0.conv." + m.group(2)),
                rule(v, "decoder\\.up\\.(\\d+)\\.block\\.(\\d+)\\." + VAE_RESNET_PART + "\\." + P,
                        m -> "decoder.up_blocks." + (vaeBlocks - 1 - num(m, 1)) + ".resnets." + m.group(2) + "."
                                + vaeResnetPart(m.group(3)) + "." + m.group(4)),
                rule(v, "decoder\\.up\\.(\\d+)\\.upsample\\.conv\\." + P,
                        m -> "decoder.up_blocks." + (vaeBlocks - 1 - num(m, 1)) + ".upsamplers.0.conv." + m.group(2)),
                rule(v, "(encoder|decoder)\\.mid\\.block_([12])\\." + VAE_RESNET_PART + "\\." + P,
                        m -> m.group(1) + ".mid_block.resnets." + (num(m, 2) - 1) + "." + vaeResnetPart(m.group(3)) + "." + m.group(4)),
                rule(v, "(encoder|decoder)\\.mid\\.attn_1\\.norm\\." + P,
                        m -> m.group(1) + ".mid_block.attentions.0.group_norm." + m.group(2)),
                new Rule(v, Pattern.compile("(encoder|decoder)\\.mid\\.attn_1\\.(q|k|v|proj_out)\\.weight"),
                        m -> m.group(1) + ".mid_block.attentions.0." + vaeAttentionPart(m.group(2)) + ".weight",
                        Reshape.SQUEEZE_TO_LINEAR),
                rule(v, "(encoder|decoder)\\.mid\\.attn_1\\.(q|k|v|proj_out)\\.bias",
                        m -> m.group(1) + ".mid_block.attentions.0." + vaeAttentionPart(m.group(2)) + ".bias"),
                // ---- text encoder (transformers CLIPTextModel under FrozenCLIPEmbedder.transformer) ----
                rule(t, "(text_model\\..+)", m -> m.group(1)),
                rule(t, "((?:embeddings|encoder|final_layer_norm)\\..+)", m -> "text_model." + m.group(1)));
    }

    private static Rule rule(Component c, String regex, Function<Matcher, String> target) {
        return new Rule(c, Pattern.compile(regex), target, Reshape.NONE);
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static String resnetPart(String ldm) {
        return switch (ldm) {
            case "in_layers.0" -> "norm1";
            case "in_layers.2" -> "conv1";
            case "out_layers.0" -> "norm2";
            case "out_layers.3" -> "conv2";
            case "emb_layers.1" -> "time_emb_proj";
            case "skip_connection" -> "conv_shortcut";
            default -> throw new IllegalStateException(ldm);
        };
    }

    private static String vaeResnetPart(String ldm) {
        return ldm.equals("nin_shortcut") ? "conv_shortcut" : ldm;
    }

    private static String vaeAttentionPart(String ldm) {
        return switch (ldm) {
            case "q" -> "to_q";
            case "k" -> "to_k";
            case "v" -> "to_v";
            case "proj_out" -> "to_out.0";
            default -> throw new IllegalStateException(ldm);
        };
    }

    /** True for keys that are known not to be component weights (see class doc). */
    public boolean isIgnored(String key) {
        return SCHEDULE_BUFFERS.contains(key) || key.startsWith(EMA_PREFIX) || TEXT_BUFFERS.contains(key);
    }

    /** The target of {@code key}, or empty when no rule maps it (an ignored key is not mapped either). */
    public Optional<Target> map(String key) {
        Component component;
        String rest;
        if (key.startsWith(UNET_PREFIX)) {
            component = Component.UNET;
            rest = key.substring(UNET_PREFIX.length());
        } else if (key.startsWith(VAE_PREFIX)) {
            component = Component.VAE;
            rest = key.substring(VAE_PREFIX.length());
        } else if (key.startsWith(TEXT_PREFIX) && !TEXT_BUFFERS.contains(key)) {
            component = Component.TEXT_ENCODER;
            rest = key.substring(TEXT_PREFIX.length());
        } else {
            return Optional.empty();
        }
        for (Rule r : rules) {
            if (r.component() != component) {
                continue;
            }
            Matcher m = r.pattern().matcher(rest);
            if (m.matches()) {
                return Optional.of(new Target(component, r.target().apply(m), r.reshape()));
            }
        }
        return Optional.empty();
    }

    /**
     * The EMA name of a UNet key, as LitEma stores it: {@code model.diffusion_model.a.b.c} ->
     * {@code model_ema.diffusion_modelabc} (dots removed; diffusers single_file_utils extract_ema).
     */
    public static String emaKey(String unetKey) {
        if (!unetKey.startsWith(UNET_PREFIX)) {
            throw new IllegalArgumentException("not a UNet key: " + unetKey);
        }
        return EMA_PREFIX + unetKey.substring("model.".length()).replace(".", "");
    }

    public int unetLayersPerBlock() {
        return unetLayersPerBlock;
    }

    public int vaeBlocks() {
        return vaeBlocks;
    }
}
