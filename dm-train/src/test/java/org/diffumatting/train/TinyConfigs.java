package org.diffumatting.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny model and training configs for fast tests (16x16 images, f = 2). */
final class TinyConfigs {
    private TinyConfigs() {}

    static final String VAE = "{\"_class_name\":\"AutoencoderKL\",\"in_channels\":3,\"out_channels\":3,"
            + "\"down_block_types\":[\"DownEncoderBlock2D\",\"DownEncoderBlock2D\"],"
            + "\"up_block_types\":[\"UpDecoderBlock2D\",\"UpDecoderBlock2D\"],"
            + "\"block_out_channels\":[8,16],\"layers_per_block\":1,\"act_fn\":\"silu\",\"latent_channels\":4,"
            + "\"norm_num_groups\":4,\"sample_size\":16}";

    static final String HEAD = "{\"_class_name\":\"MattingHead\",\"image_channels\":3,\"feature_channels\":8,"
            + "\"latent_channels\":4,\"block_out_channels\":[8,16],\"layers_per_block\":1,\"norm_num_groups\":4}";

    static final String UNET = "{\"_class_name\":\"UNet2DConditionModel\",\"sample_size\":8,\"in_channels\":4,\"out_channels\":4,"
            + "\"down_block_types\":[\"CrossAttnDownBlock2D\",\"DownBlock2D\"],\"up_block_types\":[\"UpBlock2D\",\"CrossAttnUpBlock2D\"],"
            + "\"block_out_channels\":[16,32],\"layers_per_block\":1,\"attention_head_dim\":4,\"cross_attention_dim\":384,"
            + "\"norm_num_groups\":8}";

    /** Writes a training config into {@code dir}/train.json with the given extra JSON members. */
    static Path write(Path dir, String members) throws IOException {
        Path f = dir.resolve("train.json");
        Files.writeString(f, "{" + members + "}");
        return f;
    }
}
