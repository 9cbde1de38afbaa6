package org.diffumatting.models;

import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.models.matting.MattingHeadConfig;
import org.diffumatting.models.unet.UNet2DConditionConfig;
import org.diffumatting.models.vae.AutoencoderKLConfig;

/** Small configs of the real architectures for fast tests (the shape of diffusers' own test configs). */
public final class TinyConfigs {
    private TinyConfigs() {}

    /** 2 levels (32, 64 channels), cross-attention at the top level, 2 heads, context width 16. */
    public static UNet2DConditionConfig unet() {
        return UNet2DConditionConfig.fromJson(ConfigJson.parse("""
                {"_class_name": "UNet2DConditionModel", "sample_size": 16, "in_channels": 4, "out_channels": 4,
                 "block_out_channels": [32, 64], "layers_per_block": 1,
                 "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"],
                 "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"],
                 "attention_head_dim": 2, "cross_attention_dim": 16, "norm_num_groups": 8}
                """, "tiny unet"), "tiny unet");
    }

    /** 2 levels (16, 32 channels), f = 2. */
    public static AutoencoderKLConfig vae() {
        return AutoencoderKLConfig.fromJson(ConfigJson.parse("""
                {"_class_name": "AutoencoderKL", "block_out_channels": [16, 32], "layers_per_block": 1,
                 "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D"],
                 "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D"],
                 "latent_channels": 4, "norm_num_groups": 8, "sample_size": 32}
                """, "tiny vae"), "tiny vae");
    }

    /** A head for the tiny VAE: 16 decoder feature channels, 2 levels of 8 and 16 channels. */
    public static MattingHeadConfig mattingHead() {
        return MattingHeadConfig.fromJson(ConfigJson.parse("""
                {"_class_name": "MattingHead", "feature_channels": 16, "latent_channels": 4,
                 "block_out_channels": [8, 16], "norm_num_groups": 4}
                """, "tiny head"), "tiny head");
    }
}
