package org.diffumatting.models.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.models.TinyConfigs;
import org.diffumatting.models.matting.MattingHeadConfig;
import org.diffumatting.models.unet.UNet2DConditionConfig;
import org.diffumatting.models.vae.AutoencoderKLConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    private static final Path SD15 = Path.of("src/test/resources/sd15");

    @Test
    void sd15UnetConfigReadsWithDiffusersDefaults() {
        UNet2DConditionConfig c = UNet2DConditionConfig.read(SD15.resolve("unet/config.json"));
        assertEquals(List.of(320, 640, 1280, 1280), c.blockOutChannels());
        assertEquals(IntOrList.of(8), c.attentionHeadDim());
        assertEquals(IntOrList.of(768), c.crossAttentionDim());
        assertTrue(c.flipSinToCos());
        assertEquals(0.0, c.freqShift());
        assertEquals(1e-5, c.normEps());
        assertFalse(c.useLinearProjection()); // absent: default
        assertEquals("0.6.0", c.diffusersVersion());
    }

    @Test
    void savedConfigsReadBackEqualAndKeepTheFileValues(@TempDir Path tmp) {
        UNet2DConditionConfig u = UNet2DConditionConfig.read(SD15.resolve("unet/config.json"));
        Path f = tmp.resolve("unet/config.json");
        ConfigJson.write(f, u.toJson());
        assertEquals(u, UNet2DConditionConfig.read(f));
        ObjectNode orig = ConfigJson.read(SD15.resolve("unet/config.json"));
        ObjectNode saved = ConfigJson.read(f);
        orig.fieldNames().forEachRemaining(k -> assertEquals(orig.get(k), saved.get(k), k));
        assertTrue(saved.get("attention_head_dim").isInt(), "int stays int");

        AutoencoderKLConfig v = AutoencoderKLConfig.read(SD15.resolve("vae/config.json"));
        assertEquals(0.18215, v.scalingFactor()); // absent from the SD 1.5 file: diffusers default
        assertEquals(8, v.downsamplingFactor());
        ConfigJson.write(tmp.resolve("vae.json"), v.toJson());
        assertEquals(v, AutoencoderKLConfig.read(tmp.resolve("vae.json")));

        MattingHeadConfig m = TinyConfigs.mattingHead();
        ConfigJson.write(tmp.resolve("head.json"), m.toJson());
        assertEquals(m, MattingHeadConfig.read(tmp.resolve("head.json")));
    }

    @Test
    void unknownKeysAreToleratedAndUnsupportedOptionsNamed() {
        ObjectNode n = ConfigJson.parse("{\"_class_name\": \"UNet2DConditionModel\", \"some_future_key\": 3, \"class_embed_type\": null}", "x.json");
        UNet2DConditionConfig.fromJson(n, "x.json");
        DmException e = assertThrows(DmException.class, () -> UNet2DConditionConfig.fromJson(
                ConfigJson.parse("{\"addition_embed_type\": \"text_time\"}", "sdxl/unet/config.json"), "sdxl/unet/config.json"));
        assertTrue(e.getMessage().contains("sdxl/unet/config.json") && e.getMessage().contains("addition_embed_type"), e.getMessage());
        DmException t = assertThrows(DmException.class, () -> UNet2DConditionConfig.fromJson(
                ConfigJson.parse("{\"in_channels\": \"four\"}", "u.json"), "u.json"));
        assertTrue(t.getMessage().contains("in_channels"), t.getMessage());
        DmException l = assertThrows(DmException.class, () -> UNet2DConditionConfig.fromJson(
                ConfigJson.parse("{\"attention_head_dim\": [8, 8]}", "u.json"), "u.json"));
        assertTrue(l.getMessage().contains("attention_head_dim"), l.getMessage());
    }

    @Test
    void badJsonAndMissingFilesNameTheFile(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("config.json");
        Files.writeString(bad, "{ not json");
        DmException e = assertThrows(DmException.class, () -> ConfigJson.read(bad));
        assertTrue(e.getMessage().contains(bad.toString()));
        DmException m = assertThrows(DmException.class, () -> ConfigJson.read(tmp.resolve("nope.json")));
        assertTrue(m.getMessage().contains("nope.json"));
    }
}
