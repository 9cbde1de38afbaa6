package org.diffumatting.pipelines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.diffumatting.models.loading.ConfigJson;

/**
 * Tiny random-weight model folders for fast tests: UNet 2 levels (16, 32 channels, cross-attention at the first
 * level, MiniLM context width 384, 8 tokens), VAE f = 2 (8, 16 channels), matting head (4, 8 channels).
 * A 16x16 image has an 8x8x4 latent.
 */
final class TinyModel {
    private TinyModel() {}

    static ObjectNode unet() {
        return ConfigJson.parse("""
                {"_class_name": "UNet2DConditionModel", "sample_size": 8, "in_channels": 4, "out_channels": 4,
                 "block_out_channels": [16, 32], "layers_per_block": 1,
                 "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"],
                 "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"],
                 "attention_head_dim": 2, "cross_attention_dim": 384, "norm_num_groups": 8}
                """, "tiny unet");
    }

    static ObjectNode vae() {
        return ConfigJson.parse("""
                {"_class_name": "AutoencoderKL", "block_out_channels": [8, 16], "layers_per_block": 1,
                 "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D"],
                 "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D"],
                 "latent_channels": 4, "norm_num_groups": 4, "sample_size": 16, "scaling_factor": 0.5}
                """, "tiny vae");
    }

    static ObjectNode head() {
        return ConfigJson.parse("""
                {"_class_name": "MattingHead", "feature_channels": 8, "latent_channels": 4,
                 "block_out_channels": [4, 8], "norm_num_groups": 4}
                """, "tiny head");
    }

    /** With a matting head. */
    static Path write(Path dir) {
        return RandomModelFolder.write(dir, unet(), vae(), head(), 8, 7);
    }

    /** With a class embedding fed the prompts' MiniLM sentence embeddings (class_embed_type "projection", 384). */
    static Path writeWithSentenceEmbedding(Path dir) {
        ObjectNode unet = unet();
        unet.put("class_embed_type", "projection");
        unet.put("projection_class_embeddings_input_dim", 384);
        return RandomModelFolder.write(dir, unet, vae(), head(), 8, 7);
    }

    /** Without a matting head (alpha from the chroma key). */
    static Path writeWithoutHead(Path dir) {
        return RandomModelFolder.write(dir, unet(), vae(), null, 8, 7);
    }
}
