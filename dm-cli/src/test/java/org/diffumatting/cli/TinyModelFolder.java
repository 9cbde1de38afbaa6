package org.diffumatting.cli;

import java.nio.file.Path;
import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.pipelines.RandomModelFolder;

/** The tiny random-weight DiffuMatting model folder (64x64 output, MiniLM context) the CLI tests generate with. */
final class TinyModelFolder {
    private TinyModelFolder() {}

    /** Writes the folder under {@code dir} and returns it. */
    static Path write(Path dir) {
        return RandomModelFolder.write(dir,
                ConfigJson.parse("""
                        {"_class_name": "UNet2DConditionModel", "sample_size": 8, "block_out_channels": [16, 32], "layers_per_block": 1,
                         "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"], "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"],
                         "attention_head_dim": 2, "cross_attention_dim": 384, "norm_num_groups": 8}""", "unet"),
                ConfigJson.parse("""
                        {"_class_name": "AutoencoderKL", "block_out_channels": [8, 16], "layers_per_block": 1,
                         "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D"],
                         "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D"], "latent_channels": 4, "norm_num_groups": 4}""", "vae"),
                ConfigJson.parse("""
                        {"_class_name": "MattingHead", "feature_channels": 8, "latent_channels": 4, "block_out_channels": [4, 8],
                         "norm_num_groups": 4}""", "head"),
                8, 3);
    }
}
