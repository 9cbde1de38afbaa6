package org.diffumatting.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.diffumatting.models.matting.MattingHeadConfig;
import org.diffumatting.models.unet.UNet2DConditionConfig;
import org.diffumatting.models.vae.AutoencoderKLConfig;
import org.junit.jupiter.api.Test;

/** The committed example configs (models/configs/train-*.json) parse and fit together. */
class ExampleConfigsTest {
    private static final Path DIR = Path.of("..", "models", "configs");

    @Test
    void theThreeStagesAgreeOnShapes() {
        TrainConfig vae = TrainConfig.read(DIR.resolve("train-vae.json"));
        TrainConfig head = TrainConfig.read(DIR.resolve("train-head.json"));
        TrainConfig unet = TrainConfig.read(DIR.resolve("train-unet.json"));
        AutoencoderKLConfig v = AutoencoderKLConfig.fromJson(vae.vaeConfig(), "train-vae.json");
        MattingHeadConfig h = MattingHeadConfig.fromJson(head.headConfig(), "train-head.json");
        UNet2DConditionConfig u = UNet2DConditionConfig.fromJson(unet.unetConfig(), "train-unet.json");
        assertEquals(8, v.downsamplingFactor());
        assertEquals(128, vae.resolution());
        assertEquals(v.blockOutChannels().get(0), h.featureChannels());
        assertEquals(v.latentChannels(), h.latentChannels());
        assertEquals(v.latentChannels(), u.inChannels());
        assertEquals(384, u.crossAttentionDim().values().get(0));
        // head and unet read the model written by the vae stage
        assertEquals(vae.outputDir().resolve("model"), head.vaePath());
        assertEquals(vae.outputDir().resolve("model"), unet.vaePath());
        assertEquals(head.outputDir().resolve("model"), unet.headPath());
    }

    /** Every committed config (the default model's stages, continuations and ablation runs) is accepted as written. */
    @Test
    void everyCommittedConfigParses() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 3, "configs in " + DIR);
        Path root = DIR.toAbsolutePath().normalize().getParent().getParent();
        Set<Path> outputs = new HashSet<>();
        for (Path f : files) {
            TrainConfig c = TrainConfig.read(f);
            assertEquals(128, c.resolution(), f.toString());
            Path out = c.outputDir();
            assertTrue(out.startsWith(root.resolve("models/default-training")) || out.startsWith(root.resolve("out")),
                    f + ": output_dir " + out);
            assertTrue(outputs.add(out), f + ": output_dir " + out + " is another config's run folder");
        }
    }
}
