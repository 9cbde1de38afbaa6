package org.diffumatting.models.unet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.models.loading.ConfigReader;
import org.diffumatting.models.loading.IntOrList;

/**
 * Configuration of {@link UNet2DConditionModel}, read from and written as diffusers'
 * {@code unet/config.json}. Keys and defaults are those of diffusers'
 * {@code UNet2DConditionModel.__init__} (diffusers/models/unets/unet_2d_condition.py).
 *
 * <p>Naming quirk kept from diffusers: {@code attention_head_dim} is the number of attention
 * <em>heads</em> per block (SD 1.5: 8 heads; head width = channels / 8); {@code num_attention_heads}
 * must be null. Of the class embeddings only {@code class_embed_type = "projection"} is provided
 * (diffusers: a {@code TimestepEmbedding} from {@code projection_class_embeddings_input_dim} to the
 * time-embedding width, added to the time embedding; our pipelines feed it the prompt's sentence
 * embedding at unit RMS, {@link UNetConditioning}). Other architecture
 * options that this implementation does not provide (addition embeddings, encoder_hid_proj,
 * scale-shift time norm, dual cross-attention, ...) are rejected with an error naming the key when set
 * to a non-default value; other unknown keys are ignored.
 *
 * @param sampleSize                 latent size used in training (int or [h, w]); informative only
 * @param attentionHeadDim           heads per block (see above), int or per block
 * @param crossAttentionDim          width D of the text embeddings [B, T, D], int or per block
 * @param layersPerBlock             resnets per down block (up blocks have one more), int or per block
 * @param transformerLayersPerBlock  BasicTransformerBlocks per Transformer2DModel, int or per block
 * @param classEmbedType             null (none) or "projection"
 * @param projectionClassEmbeddingsInputDim width of the class labels [B, D_c] for "projection", else null
 */
public record UNet2DConditionConfig(
        String diffusersVersion,
        IntOrList sampleSize,
        int inChannels,
        int outChannels,
        boolean centerInputSample,
        boolean flipSinToCos,
        double freqShift,
        List<String> downBlockTypes,
        String midBlockType,
        List<String> upBlockTypes,
        boolean onlyCrossAttention,
        List<Integer> blockOutChannels,
        IntOrList layersPerBlock,
        int downsamplePadding,
        double midBlockScaleFactor,
        double dropout,
        String actFn,
        int normNumGroups,
        double normEps,
        IntOrList crossAttentionDim,
        IntOrList transformerLayersPerBlock,
        IntOrList attentionHeadDim,
        boolean useLinearProjection,
        boolean upcastAttention,
        double resnetOutScaleFactor,
        int convInKernel,
        int convOutKernel,
        String classEmbedType,
        Integer projectionClassEmbeddingsInputDim) {

    public static final String CLASS_NAME = "UNet2DConditionModel";
    /** The one supported {@code class_embed_type}. */
    public static final String PROJECTION = "projection";

    public UNet2DConditionConfig {
        if (diffusersVersion == null) diffusersVersion = org.diffumatting.models.loading.DiffusersFolder.DIFFUSERS_VERSION;
        downBlockTypes = List.copyOf(downBlockTypes);
        upBlockTypes = List.copyOf(upBlockTypes);
        blockOutChannels = List.copyOf(blockOutChannels);
    }

    /** Whether the UNet takes class labels (class_embed_type "projection"). */
    public boolean hasClassEmbedding() {
        return classEmbedType != null;
    }

    /** This config with a "projection" class embedding of input width {@code dim}. */
    public UNet2DConditionConfig withProjectionClassEmbedding(int dim) {
        return new UNet2DConditionConfig(diffusersVersion, sampleSize, inChannels, outChannels, centerInputSample, flipSinToCos,
                freqShift, downBlockTypes, midBlockType, upBlockTypes, onlyCrossAttention, blockOutChannels, layersPerBlock,
                downsamplePadding, midBlockScaleFactor, dropout, actFn, normNumGroups, normEps, crossAttentionDim,
                transformerLayersPerBlock, attentionHeadDim, useLinearProjection, upcastAttention, resnetOutScaleFactor,
                convInKernel, convOutKernel, PROJECTION, dim);
    }

    /** Number of resolution levels (= down blocks = up blocks). */
    public int levels() {
        return blockOutChannels.size();
    }

    /** Parses a config object ({@code where} names the file in errors) and validates it. */
    public static UNet2DConditionConfig fromJson(ObjectNode node, String where) {
        ConfigReader r = new ConfigReader(node, where);
        String cls = r.string("_class_name", CLASS_NAME);
        if (!CLASS_NAME.equals(cls)) throw new DmException(where + ": _class_name is '" + cls + "', expected " + CLASS_NAME);
        // options that would change the architecture and are not implemented here
        for (String k : List.of("addition_embed_type", "addition_time_embed_dim", "num_class_embeds",
                "encoder_hid_dim", "encoder_hid_dim_type", "time_embedding_dim", "time_embedding_act_fn",
                "timestep_post_act", "time_cond_proj_dim",
                "cross_attention_norm", "reverse_transformer_layers_per_block", "num_attention_heads",
                "mid_block_only_cross_attention")) {
            r.requireUnset(k, null);
        }
        r.requireUnset("dual_cross_attention", false);
        r.requireUnset("resnet_time_scale_shift", "default");
        r.requireUnset("time_embedding_type", "positional");
        r.requireUnset("attention_type", "default");
        r.requireUnset("class_embeddings_concat", false);
        r.requireUnset("resnet_skip_time_act", false);
        UNet2DConditionConfig c = new UNet2DConditionConfig(
                r.string("_diffusers_version", null),
                r.intOrList("sample_size", null),
                r.integer("in_channels", 4),
                r.integer("out_channels", 4),
                r.bool("center_input_sample", false),
                r.bool("flip_sin_to_cos", true),
                r.number("freq_shift", 0),
                r.strings("down_block_types", List.of("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D")),
                r.string("mid_block_type", "UNetMidBlock2DCrossAttn"),
                r.strings("up_block_types", List.of("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D")),
                r.bool("only_cross_attention", false),
                r.integers("block_out_channels", List.of(320, 640, 1280, 1280)),
                r.intOrList("layers_per_block", IntOrList.of(2)),
                r.integer("downsample_padding", 1),
                r.number("mid_block_scale_factor", 1),
                r.number("dropout", 0),
                r.string("act_fn", "silu"),
                r.integer("norm_num_groups", 32),
                r.number("norm_eps", 1e-5),
                r.intOrList("cross_attention_dim", IntOrList.of(1280)),
                r.intOrList("transformer_layers_per_block", IntOrList.of(1)),
                r.intOrList("attention_head_dim", IntOrList.of(8)),
                r.bool("use_linear_projection", false),
                r.bool("upcast_attention", false),
                r.number("resnet_out_scale_factor", 1.0),
                r.integer("conv_in_kernel", 3),
                r.integer("conv_out_kernel", 3),
                r.string("class_embed_type", null),
                r.optInteger("projection_class_embeddings_input_dim"));
        c.validate(where);
        return c;
    }

    /** Reads and validates {@code file}. */
    public static UNet2DConditionConfig read(Path file) {
        return fromJson(ConfigJson.read(file), file.toString());
    }

    /** Checks the consistency diffusers' {@code _check_config} checks; errors name {@code where} and the key. */
    public void validate(String where) {
        int n = levels();
        if (n == 0) throw new DmException(where + ": 'block_out_channels' is empty");
        if (downBlockTypes.size() != n) throw new DmException(where + ": 'down_block_types' has " + downBlockTypes.size() + " entries, 'block_out_channels' " + n);
        if (upBlockTypes.size() != n) throw new DmException(where + ": 'up_block_types' has " + upBlockTypes.size() + " entries, 'block_out_channels' " + n);
        for (String t : downBlockTypes) {
            if (!t.equals("CrossAttnDownBlock2D") && !t.equals("DownBlock2D")) {
                throw new DmException(where + ": 'down_block_types' entry '" + t + "' is not supported (CrossAttnDownBlock2D, DownBlock2D)");
            }
        }
        for (String t : upBlockTypes) {
            if (!t.equals("CrossAttnUpBlock2D") && !t.equals("UpBlock2D")) {
                throw new DmException(where + ": 'up_block_types' entry '" + t + "' is not supported (CrossAttnUpBlock2D, UpBlock2D)");
            }
        }
        if (!"UNetMidBlock2DCrossAttn".equals(midBlockType)) {
            throw new DmException(where + ": 'mid_block_type' '" + midBlockType + "' is not supported (UNetMidBlock2DCrossAttn)");
        }
        if (onlyCrossAttention) throw new DmException(where + ": 'only_cross_attention' = true is not supported");
        layersPerBlock.perBlock(n, "layers_per_block", where);
        crossAttentionDim.perBlock(n, "cross_attention_dim", where);
        transformerLayersPerBlock.perBlock(n, "transformer_layers_per_block", where);
        List<Integer> heads = attentionHeadDim.perBlock(n, "attention_head_dim", where);
        for (int i = 0; i < n; i++) {
            int ch = blockOutChannels.get(i);
            if (ch % normNumGroups != 0) throw new DmException(where + ": block_out_channels[" + i + "] = " + ch + " is not divisible by norm_num_groups = " + normNumGroups);
            if (ch % heads.get(i) != 0) throw new DmException(where + ": block_out_channels[" + i + "] = " + ch + " is not divisible by attention_head_dim (heads) = " + heads.get(i));
        }
        if (convInKernel % 2 == 0 || convOutKernel % 2 == 0) throw new DmException(where + ": conv_in_kernel/conv_out_kernel must be odd");
        if (classEmbedType != null && !PROJECTION.equals(classEmbedType)) {
            throw new DmException(where + ": 'class_embed_type' '" + classEmbedType + "' is not supported (null, \"projection\")");
        }
        if (PROJECTION.equals(classEmbedType) && (projectionClassEmbeddingsInputDim == null || projectionClassEmbeddingsInputDim <= 0)) {
            throw new DmException(where + ": class_embed_type \"projection\" needs a positive 'projection_class_embeddings_input_dim'");
        }
        if (classEmbedType == null && projectionClassEmbeddingsInputDim != null) {
            throw new DmException(where + ": 'projection_class_embeddings_input_dim' is set but 'class_embed_type' is not \"projection\"");
        }
        org.diffumatting.models.nn.Activation.of(actFn, where + ": key 'act_fn'");
    }

    /** The config object as diffusers writes it (every key of this record, plus _class_name/_diffusers_version). */
    public ObjectNode toJson() {
        ObjectNode o = ConfigJson.MAPPER.createObjectNode();
        o.put("_class_name", CLASS_NAME);
        o.put("_diffusers_version", diffusersVersion);
        o.put("act_fn", actFn);
        o.set("attention_head_dim", attentionHeadDim.toJson());
        o.set("block_out_channels", ConfigJson.MAPPER.valueToTree(blockOutChannels));
        o.put("center_input_sample", centerInputSample);
        o.set("cross_attention_dim", crossAttentionDim.toJson());
        o.set("down_block_types", ConfigJson.MAPPER.valueToTree(downBlockTypes));
        o.put("downsample_padding", downsamplePadding);
        o.put("dropout", dropout);
        o.put("flip_sin_to_cos", flipSinToCos);
        ConfigJson.putNumber(o, "freq_shift", freqShift);
        o.put("in_channels", inChannels);
        o.set("layers_per_block", layersPerBlock.toJson());
        ConfigJson.putNumber(o, "mid_block_scale_factor", midBlockScaleFactor);
        o.put("mid_block_type", midBlockType);
        o.put("norm_eps", normEps);
        o.put("norm_num_groups", normNumGroups);
        o.put("only_cross_attention", onlyCrossAttention);
        o.put("out_channels", outChannels);
        o.put("resnet_out_scale_factor", resnetOutScaleFactor);
        if (sampleSize == null) o.putNull("sample_size");
        else o.set("sample_size", sampleSize.toJson());
        o.set("transformer_layers_per_block", transformerLayersPerBlock.toJson());
        o.set("up_block_types", ConfigJson.MAPPER.valueToTree(upBlockTypes));
        o.put("upcast_attention", upcastAttention);
        o.put("use_linear_projection", useLinearProjection);
        o.put("conv_in_kernel", convInKernel);
        o.put("conv_out_kernel", convOutKernel);
        if (classEmbedType == null) o.putNull("class_embed_type");
        else o.put("class_embed_type", classEmbedType);
        if (projectionClassEmbeddingsInputDim == null) o.putNull("projection_class_embeddings_input_dim");
        else o.put("projection_class_embeddings_input_dim", projectionClassEmbeddingsInputDim);
        return o;
    }
}
