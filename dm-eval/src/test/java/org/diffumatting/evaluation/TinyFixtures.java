package org.diffumatting.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.pipelines.RandomModelFolder;

/** A tiny random-weight model folder (16x16 images, VAE f = 2) and a tiny synthetic green set, for fast tests. */
final class TinyFixtures {
    private TinyFixtures() {}

    static Path model(Path dir) {
        return RandomModelFolder.write(dir,
                ConfigJson.parse("""
                        {"_class_name": "UNet2DConditionModel", "sample_size": 8, "in_channels": 4, "out_channels": 4,
                         "block_out_channels": [16, 32], "layers_per_block": 1,
                         "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"],
                         "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"],
                         "attention_head_dim": 2, "cross_attention_dim": 384, "norm_num_groups": 8}
                        """, "tiny unet"),
                ConfigJson.parse("""
                        {"_class_name": "AutoencoderKL", "block_out_channels": [8, 16], "layers_per_block": 1,
                         "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D"],
                         "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D"],
                         "latent_channels": 4, "norm_num_groups": 4, "sample_size": 16, "scaling_factor": 0.5}
                        """, "tiny vae"),
                ConfigJson.parse("""
                        {"_class_name": "MattingHead", "feature_channels": 8, "latent_channels": 4,
                         "block_out_channels": [4, 8], "norm_num_groups": 4}
                        """, "tiny head"),
                8, 11);
    }

    /** A disc of colour {@code rgb} and radius {@code rad} centred at (cx, cy), coverage by 4x4 supersampling. */
    static AlphaMap disc(int size, double cx, double cy, double rad) {
        double[] a = new double[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int inside = 0;
                for (int sy = 0; sy < 4; sy++) {
                    for (int sx = 0; sx < 4; sx++) {
                        double px = x + (sx + 0.5) / 4, py = y + (sy + 0.5) / 4;
                        if ((px - cx) * (px - cx) + (py - cy) * (py - cy) <= rad * rad) inside++;
                    }
                }
                a[y * size + x] = inside / 16.0;
            }
        }
        return new AlphaMap(size, size, a);
    }

    /** I = a F + (1 - a) G with G pure green. */
    static RgbImage composite(AlphaMap a, RgbImage fg) {
        RgbImage img = RgbImage.zeros(a.width(), a.height());
        float[] g = {0f, 1f, 0f};
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                double al = a.get(x, y);
                for (int k = 0; k < 3; k++) img.set(x, y, k, (float) (al * fg.get(x, y, k) + (1 - al) * g[k]));
            }
        }
        return img;
    }

    /**
     * Writes {@code train} + {@code test} discs (16 x 16) in the dm data layout; captions "a red disc" etc., sources
     * "discs-even" and "discs-odd" by index.
     * With {@code test == 0} the manifest has no test split.
     */
    static Path greenSet(Path dir, int train, int test) throws IOException {
        String[] names = {"red", "blue", "yellow"};
        float[][] rgb = {{0.9f, 0.1f, 0.1f}, {0.1f, 0.2f, 0.9f}, {0.95f, 0.9f, 0.1f}};
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < train + test; i++) {
            int c = i % names.length;
            AlphaMap a = disc(16, 6 + i % 4, 7 + i % 3, 3.5 + (i % 2));
            RgbImage fg = RgbImage.filled(16, 16, rgb[c][0], rgb[c][1], rgb[c][2]);
            String id = String.format(Locale.ROOT, "disc-%03d", i);
            ImageFiles.writeRgb(dir.resolve("image").resolve(id + ".png"), composite(a, fg));
            ImageFiles.writeAlpha(dir.resolve("alpha").resolve(id + ".png"), a);
            ImageFiles.writeRgb(dir.resolve("fg").resolve(id + ".png"), fg);
            manifest.append(String.format(Locale.ROOT, "{\"id\":\"%s\",\"caption\":\"a %s disc\",\"split\":\"%s\",\"source\":\"%s\",\"object\":\"disc-%d\"}%n",
                    id, names[c], i < train ? "train" : "test", i % 2 == 0 ? "discs-even" : "discs-odd", i));
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("manifest.jsonl"), manifest.toString());
        return dir;
    }
}
