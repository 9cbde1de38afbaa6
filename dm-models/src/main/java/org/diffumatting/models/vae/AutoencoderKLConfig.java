package org.diffumatting.models.vae;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.models.loading.ConfigReader;
import org.diffumatting.models.loading.DiffusersFolder;
import org.diffumatting.models.loading.IntOrList;
import org.diffumatting.models.nn.Activation;

/**
 * Configuration of {@link AutoencoderKL}, diffusers' {@code vae/config.json}; keys and defaults of
 * {@code AutoencoderKL.__init__} (diffusers/models/autoencoders/autoencoder_kl.py).
 *
 * @param scalingFactor s in x0 = (E(I) - shift) * s; SD 1.5: 0.18215 (the default, absent from its file)
 * @param shiftFactor   latent shift (null: 0; SD 3 / Flux VAEs set it)
 * @param latentsMean   optional per-channel latent statistics (kept, not used by the model itself)
 * @param latentsStd    optional per-channel latent statistics (kept, not used by the model itself)
 * @param forceUpcast   diffusers' hint to run this VAE in float32 (kept for pipelines)
 */
public record AutoencoderKLConfig(
        String diffusersVersion,
        int inChannels,
        int outChannels,
        List<String> downBlockTypes,
        List<String> upBlockTypes,
        List<Integer> blockOutChannels,
        int layersPerBlock,
        String actFn,
        int latentChannels,
        int normNumGroups,
        IntOrList sampleSize,
        double scalingFactor,
        Double shiftFactor,
        List<Double> latentsMean,
        List<Double> latentsStd,
        boolean forceUpcast,
        boolean useQuantConv,
        boolean usePostQuantConv,
        boolean midBlockAddAttention) {

    public static final String CLASS_NAME = "AutoencoderKL";

    public AutoencoderKLConfig {
        if (diffusersVersion == null) diffusersVersion = org.diffumatting.models.loading.DiffusersFolder.DIFFUSERS_VERSION;
        downBlockTypes = List.copyOf(downBlockTypes);
        upBlockTypes = List.copyOf(upBlockTypes);
        blockOutChannels = List.copyOf(blockOutChannels);
    }

    /** Spatial downsampling factor f = 2^(levels-1) (SD: 8). */
    public int downsamplingFactor() {
        return 1 << (blockOutChannels.size() - 1);
    }

    public static AutoencoderKLConfig fromJson(ObjectNode node, String where) {
        ConfigReader r = new ConfigReader(node, where);
        String cls = r.string("_class_name", CLASS_NAME);
        if (!CLASS_NAME.equals(cls)) throw new DmException(where + ": _class_name is '" + cls + "', expected " + CLASS_NAME);
        AutoencoderKLConfig c = new AutoencoderKLConfig(
                r.string("_diffusers_version", null),
                r.integer("in_channels", 3),
                r.integer("out_channels", 3),
                r.strings("down_block_types", List.of("DownEncoderBlock2D")),
                r.strings("up_block_types", List.of("UpDecoderBlock2D")),
                r.integers("block_out_channels", List.of(64)),
                r.integer("layers_per_block", 1),
                r.string("act_fn", "silu"),
                r.integer("latent_channels", 4),
                r.integer("norm_num_groups", 32),
                r.intOrList("sample_size", IntOrList.of(32)),
                r.number("scaling_factor", 0.18215),
                r.optNumber("shift_factor"),
                r.numbers("latents_mean", null),
                r.numbers("latents_std", null),
                r.bool("force_upcast", true),
                r.bool("use_quant_conv", true),
                r.bool("use_post_quant_conv", true),
                r.bool("mid_block_add_attention", true));
        c.validate(where);
        return c;
    }

    public static AutoencoderKLConfig read(Path file) {
        return fromJson(ConfigJson.read(file), file.toString());
    }

    public void validate(String where) {
        int n = blockOutChannels.size();
        if (n == 0) throw new DmException(where + ": 'block_out_channels' is empty");
        if (downBlockTypes.size() != n || upBlockTypes.size() != n) {
            throw new DmException(where + ": 'down_block_types' (" + downBlockTypes.size() + ") and 'up_block_types' ("
                    + upBlockTypes.size() + ") must have one entry per 'block_out_channels' (" + n + ")");
        }
        for (String t : downBlockTypes) {
            if (!t.equals("DownEncoderBlock2D")) throw new DmException(where + ": 'down_block_types' entry '" + t + "' is not supported (DownEncoderBlock2D)");
        }
        for (String t : upBlockTypes) {
            if (!t.equals("UpDecoderBlock2D")) throw new DmException(where + ": 'up_block_types' entry '" + t + "' is not supported (UpDecoderBlock2D)");
        }
        for (int i = 0; i < n; i++) {
            if (blockOutChannels.get(i) % normNumGroups != 0) {
                throw new DmException(where + ": block_out_channels[" + i + "] = " + blockOutChannels.get(i) + " is not divisible by norm_num_groups = " + normNumGroups);
            }
        }
        if (layersPerBlock < 1) throw new DmException(where + ": 'layers_per_block' must be >= 1");
        Activation.of(actFn, where + ": key 'act_fn'");
    }

    public ObjectNode toJson() {
        ObjectNode o = ConfigJson.MAPPER.createObjectNode();
        o.put("_class_name", CLASS_NAME);
        o.put("_diffusers_version", diffusersVersion);
        o.put("act_fn", actFn);
        o.set("block_out_channels", ConfigJson.MAPPER.valueToTree(blockOutChannels));
        o.set("down_block_types", ConfigJson.MAPPER.valueToTree(downBlockTypes));
        o.put("force_upcast", forceUpcast);
        o.put("in_channels", inChannels);
        o.put("latent_channels", latentChannels);
        o.set("latents_mean", latentsMean == null ? ConfigJson.MAPPER.nullNode() : ConfigJson.MAPPER.valueToTree(latentsMean));
        o.set("latents_std", latentsStd == null ? ConfigJson.MAPPER.nullNode() : ConfigJson.MAPPER.valueToTree(latentsStd));
        o.put("layers_per_block", layersPerBlock);
        o.put("mid_block_add_attention", midBlockAddAttention);
        o.put("norm_num_groups", normNumGroups);
        o.put("out_channels", outChannels);
        o.set("sample_size", sampleSize == null ? ConfigJson.MAPPER.nullNode() : sampleSize.toJson());
        o.put("scaling_factor", scalingFactor);
        if (shiftFactor == null) o.putNull("shift_factor");
        else o.put("shift_factor", shiftFactor);
        o.set("up_block_types", ConfigJson.MAPPER.valueToTree(upBlockTypes));
        o.put("use_post_quant_conv", usePostQuantConv);
        o.put("use_quant_conv", useQuantConv);
        return o;
    }
}
