package org.diffumatting.models.matting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.models.loading.ConfigReader;
import org.diffumatting.models.loading.DiffusersFolder;
import org.diffumatting.models.nn.Activation;

/**
 * Configuration of our {@link MattingHead} ({@code matting_head/config.json}, {@code _class_name}
 * "MattingHead"); keys follow the diffusers naming style.
 *
 * @param imageChannels    channels of the decoded image (3)
 * @param featureChannels  channels of the VAE decoder's last feature maps (SD VAE: block_out_channels[0] = 128)
 * @param latentChannels   channels of the optional latent input (4); 0 disables the latent path
 * @param blockOutChannels widths of the head's levels at H, H/2, H/4, ... (default [32, 64, 128])
 * @param layersPerBlock   resnets per level on each side
 */
public record MattingHeadConfig(
        String diffusersVersion,
        int imageChannels,
        int featureChannels,
        int latentChannels,
        List<Integer> blockOutChannels,
        int layersPerBlock,
        int normNumGroups,
        double normEps,
        String actFn) {

    public static final String CLASS_NAME = "MattingHead";

    public MattingHeadConfig {
        if (diffusersVersion == null) diffusersVersion = org.diffumatting.models.loading.DiffusersFolder.DIFFUSERS_VERSION;
        blockOutChannels = List.copyOf(blockOutChannels);
    }

    /** The default head for an SD 1.x VAE (decoder features of 128 channels, 4-channel latent). */
    public static MattingHeadConfig forSdVae() {
        return new MattingHeadConfig(null, 3, 128, 4, List.of(32, 64, 128), 1, 8, 1e-5, "silu");
    }

    public static MattingHeadConfig fromJson(ObjectNode node, String where) {
        ConfigReader r = new ConfigReader(node, where);
        String cls = r.string("_class_name", CLASS_NAME);
        if (!CLASS_NAME.equals(cls)) throw new DmException(where + ": _class_name is '" + cls + "', expected " + CLASS_NAME);
        MattingHeadConfig d = forSdVae();
        MattingHeadConfig c = new MattingHeadConfig(
                r.string("_diffusers_version", null),
                r.integer("image_channels", d.imageChannels()),
                r.integer("feature_channels", d.featureChannels()),
                r.integer("latent_channels", d.latentChannels()),
                r.integers("block_out_channels", d.blockOutChannels()),
                r.integer("layers_per_block", d.layersPerBlock()),
                r.integer("norm_num_groups", d.normNumGroups()),
                r.number("norm_eps", d.normEps()),
                r.string("act_fn", d.actFn()));
        c.validate(where);
        return c;
    }

    public static MattingHeadConfig read(Path file) {
        return fromJson(ConfigJson.read(file), file.toString());
    }

    public void validate(String where) {
        if (blockOutChannels.isEmpty()) throw new DmException(where + ": 'block_out_channels' is empty");
        for (int i = 0; i < blockOutChannels.size(); i++) {
            if (blockOutChannels.get(i) % normNumGroups != 0) {
                throw new DmException(where + ": block_out_channels[" + i + "] = " + blockOutChannels.get(i)
                        + " is not divisible by norm_num_groups = " + normNumGroups);
            }
        }
        if (imageChannels < 1 || featureChannels < 0 || latentChannels < 0) {
            throw new DmException(where + ": image_channels must be >= 1, feature_channels and latent_channels >= 0");
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
        o.put("feature_channels", featureChannels);
        o.put("image_channels", imageChannels);
        o.put("latent_channels", latentChannels);
        o.put("layers_per_block", layersPerBlock);
        o.put("norm_eps", normEps);
        o.put("norm_num_groups", normNumGroups);
        return o;
    }
}
