package org.diffumatting.models.loading;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;
import org.diffumatting.models.TinyConfigs;
import org.diffumatting.models.clip.CLIPTextConfig;
import org.diffumatting.models.clip.CLIPTextModel;
import org.diffumatting.models.loading.CompVisKeyMap.Component;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.unet.UNet2DConditionConfig;
import org.diffumatting.models.unet.UNet2DConditionModel;
import org.diffumatting.models.vae.AutoencoderKL;
import org.diffumatting.models.vae.AutoencoderKLConfig;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Tensors;
import org.diffumatting.tensor.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Round trip on a generated tiny single-file checkpoint: tiny UNet/VAE/CLIP state dicts are renamed
 * to CompVis names by an inverse written here independently (diffusers -> LDM, the direction of
 * diffusers' DIFFUSERS_TO_LDM_MAPPING), saved with schedule buffers, position_ids and an EMA copy,
 * then loaded back through SingleFileCheckpoint into fresh models.
 */
class SingleFileCheckpointTest {
    static final CLIPTextConfig CLIP = CLIPTextConfig.tiny(64, 16, 2, 2, 8);

    record Tiny(UNet2DConditionModel unet, AutoencoderKL vae, CLIPTextModel clip) {}

    static Tiny build(ParamInit init) {
        return new Tiny(new UNet2DConditionModel(TinyConfigs.unet(), init), new AutoencoderKL(TinyConfigs.vae(), init),
                new CLIPTextModel(CLIP, init));
    }

    static CompVisKeyMap tinyMap() {
        return CompVisKeyMap.forConfigs(TinyConfigs.unet(), TinyConfigs.vae());
    }

    /** Writes the tiny models as an LDM single file (+ extras) and returns the CompVis state dict. */
    static Map<String, Tensor> writeCheckpoint(Tiny m, Path file, Map<String, Tensor> extras) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        UNet2DConditionConfig u = TinyConfigs.unet();
        int l = u.layersPerBlock().perBlock(u.blockOutChannels().size(), "layers_per_block", "tiny").get(0);
        Map<String, Tensor> unet = StateDict.of(m.unet());
        for (Map.Entry<String, Tensor> e : unet.entrySet()) {
            out.put("model.diffusion_model." + unetToLdm(e.getKey(), l, unet), e.getValue());
        }
        int n = TinyConfigs.vae().blockOutChannels().size();
        for (Map.Entry<String, Tensor> e : StateDict.of(m.vae()).entrySet()) {
            Tensor t = e.getValue();
            String ldm = vaeToLdm(e.getKey(), n);
            if (ldm.matches(".*mid\\.attn_1\\.(q|k|v|proj_out)\\.weight")) {
                t = t.reshape(t.size(0), t.size(1), 1, 1); // linear [C, C] -> LDM 1x1 conv [C, C, 1, 1]
            }
            out.put("first_stage_model." + ldm, t);
        }
        for (Map.Entry<String, Tensor> e : StateDict.of(m.clip()).entrySet()) {
            out.put("cond_stage_model.transformer." + e.getKey(), e.getValue());
        }
        Map<String, Tensor> all = new LinkedHashMap<>(out);
        all.putAll(extras);
        SafetensorsWriter.write(file, all, Map.of("format", "pt"));
        return out;
    }

    static String unetToLdm(String k, int l, Map<String, Tensor> unet) {
        Map<String, String> direct = Map.of("time_embedding.linear_1", "time_embed.0", "time_embedding.linear_2", "time_embed.2",
                "conv_in", "input_blocks.0.0", "conv_norm_out", "out.0", "conv_out", "out.2");
        for (Map.Entry<String, String> d : direct.entrySet()) {
            if (k.startsWith(d.getKey() + ".")) {
                return d.getValue() + k.substring(d.getKey().length());
            }
        }
        Matcher m;
        if ((m = Pattern.compile("down_blocks\\.(\\d+)\\.resnets\\.(\\d+)\\.(.+)").matcher(k)).matches()) {
            return "input_blocks." + (1 + num(m, 1) * (l + 1) + num(m, 2)) + ".0." + resnetToLdm(m.group(3));
        }
        if ((m = Pattern.compile("down_blocks\\.(\\d+)\\.attentions\\.(\\d+)\\.(.+)").matcher(k)).matches()) {
            return "input_blocks." + (1 + num(m, 1) * (l + 1) + num(m, 2)) + ".1." + m.group(3);
        }
        if ((m = Pattern.compile("down_blocks\\.(\\d+)\\.downsamplers\\.0\\.conv\\.(.+)").matcher(k)).matches()) {
            return "input_blocks." + (1 + num(m, 1) * (l + 1) + l) + ".0.op." + m.group(2);
        }
        if ((m = Pattern.compile("mid_block\\.resnets\\.(\\d)\\.(.+)").matcher(k)).matches()) {
            return "middle_block." + 2 * num(m, 1) + "." + resnetToLdm(m.group(2));
        }
        if ((m = Pattern.compile("mid_block\\.attentions\\.0\\.(.+)").matcher(k)).matches()) {
            return "middle_block.1." + m.group(1);
        }
        if ((m = Pattern.compile("up_blocks\\.(\\d+)\\.resnets\\.(\\d+)\\.(.+)").matcher(k)).matches()) {
            return "output_blocks." + (num(m, 1) * (l + 1) + num(m, 2)) + ".0." + resnetToLdm(m.group(3));
        }
        if ((m = Pattern.compile("up_blocks\\.(\\d+)\\.attentions\\.(\\d+)\\.(.+)").matcher(k)).matches()) {
            return "output_blocks." + (num(m, 1) * (l + 1) + num(m, 2)) + ".1." + m.group(3);
        }
        if ((m = Pattern.compile("up_blocks\\.(\\d+)\\.upsamplers\\.0\\.conv\\.(.+)").matcher(k)).matches()) {
            String block = "up_blocks." + m.group(1) + ".attentions.";
            boolean attention = unet.keySet().stream().anyMatch(x -> x.startsWith(block));
            return "output_blocks." + (num(m, 1) * (l + 1) + l) + "." + (attention ? 2 : 1) + ".conv." + m.group(2);
        }
        throw new AssertionError("no inverse for unet key " + k);
    }

    static String resnetToLdm(String part) {
        return part.replace("norm1", "in_layers.0").replace("conv1", "in_layers.2").replace("norm2", "out_layers.0")
                .replace("conv2", "out_layers.3").replace("time_emb_proj", "emb_layers.1").replace("conv_shortcut", "skip_connection");
    }

    static String vaeToLdm(String k, int n) {
        Matcher m;
        if ((m = Pattern.compile("(encoder|decoder)\\.conv_norm_out\\.(.+)").matcher(k)).matches()) {
            return m.group(1) + ".norm_out." + m.group(2);
        }
        if ((m = Pattern.compile("encoder\\.down_blocks\\.(\\d+)\\.resnets\\.(\\d+)\\.(.+)").matcher(k)).matches()) {
            return "encoder.down." + m.group(1) + ".block." + m.group(2) + "." + m.group(3).replace("conv_shortcut", "nin_shortcut");
        }
        if ((m = Pattern.compile("encoder\\.down_blocks\\.(\\d+)\\.downsamplers\\.0\\.conv\\.(.+)").matcher(k)).matches()) {
            return "encoder.down." + m.group(1) + ".downsample.conv." + m.group(2);
        }
        if ((m = Pattern.compile("decoder\\.up_blocks\\.(\\d+)\\.resnets\\.(\\d+)\\.(.+)").matcher(k)).matches()) {
            return "decoder.up." + (n - 1 - num(m, 1)) + ".block." + m.group(2) + "." + m.group(3).replace("conv_shortcut", "nin_shortcut");
        }
        if ((m = Pattern.compile("decoder\\.up_blocks\\.(\\d+)\\.upsamplers\\.0\\.conv\\.(.+)").matcher(k)).matches()) {
            return "decoder.up." + (n - 1 - num(m, 1)) + ".upsample.conv." + m.group(2);
        }
        if ((m = Pattern.compile("(encoder|decoder)\\.mid_block\\.resnets\\.(\\d)\\.(.+)").matcher(k)).matches()) {
            return m.group(1) + ".mid.block_" + (num(m, 2) + 1) + "." + m.group(3).replace("conv_shortcut", "nin_shortcut");
        }
        if ((m = Pattern.compile("(encoder|decoder)\\.mid_block\\.attentions\\.0\\.(group_norm|to_q|to_k|to_v|to_out\\.0)\\.(.+)").matcher(k)).matches()) {
            String part = Map.of("group_norm", "norm", "to_q", "q", "to_k", "k", "to_v", "v", "to_out.0", "proj_out").get(m.group(2));
            return m.group(1) + ".mid.attn_1." + part + "." + m.group(3);
        }
        return k; // conv_in, conv_out, quant_conv, post_quant_conv keep their names
    }

    static int num(Matcher m, int g) {
        return Integer.parseInt(m.group(g));
    }

    static void assertSameWeights(Module want, Module got) {
        Map<String, Tensor> w = StateDict.of(want);
        Map<String, Tensor> g = StateDict.of(got);
        assertEquals(w.keySet(), g.keySet());
        for (String k : w.keySet()) {
            assertArrayEquals(Tensors.toFloats(w.get(k)), Tensors.toFloats(g.get(k)), k);
        }
    }

    @Test
    void roundTripOfATinySingleFileCheckpoint(@TempDir Path dir) {
        try (MemoryScope scope = MemoryScope.open()) {
            Tiny source = build(ParamInit.seeded(21));
            Path file = dir.resolve("tiny-sd.safetensors");
            Map<String, Tensor> extras = new LinkedHashMap<>();
            extras.put("alphas_cumprod", Tensors.fromFloats(new float[]{0.9f, 0.5f}, 2));
            extras.put("betas", Tensors.fromFloats(new float[]{0.1f, 0.4f}, 2));
            extras.put("cond_stage_model.transformer.text_model.embeddings.position_ids",
                    Tensors.fromLongs(new long[]{0, 1, 2, 3, 4, 5, 6, 7}, 1, 8));
            writeCheckpoint(source, file, extras);

            Tiny loaded = build(ParamInit.empty());
            try (SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(file, tinyMap(), false)) {
                assertTrue(ckpt.has(Component.UNET) && ckpt.has(Component.VAE) && ckpt.has(Component.TEXT_ENCODER));
                assertEquals(3, ckpt.ignoredKeys().size());
                assertEquals(StateDict.shapes(source.vae()).keySet(), ckpt.shapes(Component.VAE).keySet());
                ckpt.loadInto(Component.UNET, loaded.unet());
                ckpt.loadInto(Component.VAE, loaded.vae());
                ckpt.loadInto(Component.TEXT_ENCODER, loaded.clip());
            }
            assertSameWeights(source.unet(), loaded.unet());
            assertSameWeights(source.vae(), loaded.vae());
            assertSameWeights(source.clip(), loaded.clip());
        }
    }

    @Test
    void convertsToADiffusersFolderThatLoadsBack(@TempDir Path dir) throws Exception {
        try (MemoryScope scope = MemoryScope.open()) {
            Tiny source = build(ParamInit.seeded(8));
            Path file = dir.resolve("tiny.safetensors");
            writeCheckpoint(source, file, Map.of("alphas_cumprod", Tensors.fromFloats(new float[]{0.5f}, 1)));
            Path configs = dir.resolve("configs");
            ConfigJson.write(configs.resolve("unet/config.json"), TinyConfigs.unet().toJson());
            ConfigJson.write(configs.resolve("vae/config.json"), TinyConfigs.vae().toJson());
            CLIP.save(configs.resolve("text_encoder/config.json"));
            Files.createDirectories(configs.resolve("tokenizer"));
            Files.writeString(configs.resolve("tokenizer/merges.txt"), "#version: 0.2\n");
            Files.writeString(configs.resolve("model_index.json"), "{\"_class_name\": \"StableDiffusionPipeline\"}");
            Path out = dir.resolve("diffusers");
            try (SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(file, tinyMap(), false)) {
                assertEquals(java.util.List.of(Component.UNET, Component.VAE, Component.TEXT_ENCODER), ckpt.toDiffusers(out, configs, false));
                DmException exists = assertThrows(DmException.class, () -> ckpt.toDiffusers(out, configs, false));
                assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
                DmException noConfig = assertThrows(DmException.class, () -> ckpt.toDiffusers(dir.resolve("o2"), dir, false));
                assertTrue(noConfig.getMessage().contains("config.json"), noConfig.getMessage());
                assertFalse(Files.exists(dir.resolve("o2")));
            }
            assertTrue(Files.isRegularFile(out.resolve("tokenizer/merges.txt")) && Files.isRegularFile(out.resolve("model_index.json")));
            org.bytedeco.pytorch.global.torch.ScalarType f32 = org.bytedeco.pytorch.global.torch.ScalarType.Float;
            assertSameWeights(source.unet(), DiffusersFolder.loadComponent(out.resolve("unet"), f32, false));
            assertSameWeights(source.vae(), DiffusersFolder.loadComponent(out.resolve("vae"), f32, false));
            assertSameWeights(source.clip(), DiffusersFolder.loadComponent(out.resolve("text_encoder"), f32, false));
        }
    }

    @Test
    void emaWeightsAreReadOnRequest(@TempDir Path dir) {
        try (MemoryScope scope = MemoryScope.open()) {
            Tiny source = build(ParamInit.seeded(3));
            Tiny ema = build(ParamInit.seeded(4));
            Path file = dir.resolve("ema.safetensors");
            Map<String, Tensor> extras = new LinkedHashMap<>();
            Map<String, Tensor> emaUnet = new LinkedHashMap<>();
            Path scratch = dir.resolve("scratch.safetensors");
            for (Map.Entry<String, Tensor> e : writeCheckpoint(ema, scratch, Map.of()).entrySet()) {
                if (e.getKey().startsWith(CompVisKeyMap.UNET_PREFIX)) {
                    emaUnet.put(CompVisKeyMap.emaKey(e.getKey()), e.getValue());
                }
            }
            extras.putAll(emaUnet);
            extras.put("model_ema.decay", Tensors.scalar(0.9999f));
            writeCheckpoint(source, file, extras);

            UNet2DConditionModel plain = new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.empty());
            UNet2DConditionModel fromEma = new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.empty());
            try (SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(file, tinyMap(), false)) {
                ckpt.loadInto(Component.UNET, plain);
            }
            try (SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(file, tinyMap(), true)) {
                ckpt.loadInto(Component.UNET, fromEma);
            }
            assertSameWeights(source.unet(), plain);
            assertSameWeights(ema.unet(), fromEma);

            DmException noEma = assertThrows(DmException.class, () -> SingleFileCheckpoint.open(scratch, tinyMap(), true));
            assertTrue(noEma.getMessage().contains("EMA") && noEma.getMessage().contains("model_ema.diffusion_model"),
                    noEma.getMessage());
        }
    }

    @Test
    void unknownKeysMissingComponentsAndPicklesAreErrors(@TempDir Path dir) throws Exception {
        try (MemoryScope scope = MemoryScope.open()) {
            Tiny source = build(ParamInit.seeded(5));
            Path file = dir.resolve("extra.safetensors");
            writeCheckpoint(source, file, Map.of("model.diffusion_model.input_blocks.1.0.in_layers.1.weight", Tensors.scalar(1f),
                    "first_stage_model.loss.logvar", Tensors.scalar(0f)));
            DmException unknown = assertThrows(DmException.class, () -> SingleFileCheckpoint.open(file, tinyMap(), false));
            assertTrue(unknown.getMessage().contains("extra.safetensors") && unknown.getMessage().contains("2 key(s)")
                    && unknown.getMessage().contains("first_stage_model.loss.logvar"), unknown.getMessage());

            // a UNet-only file: the other components are absent, loading them says so
            Path unetOnly = dir.resolve("unet-only.safetensors");
            Map<String, Tensor> unet = new LinkedHashMap<>();
            writeCheckpoint(source, dir.resolve("all.safetensors"), Map.of()).forEach((k, v) -> {
                if (k.startsWith(CompVisKeyMap.UNET_PREFIX)) {
                    unet.put(k, v);
                }
            });
            SafetensorsWriter.write(unetOnly, unet, Map.of());
            try (SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(unetOnly, tinyMap(), false)) {
                assertFalse(ckpt.has(Component.VAE));
                DmException noVae = assertThrows(DmException.class,
                        () -> ckpt.loadInto(Component.VAE, new AutoencoderKL(TinyConfigs.vae(), ParamInit.empty())));
                assertTrue(noVae.getMessage().contains("no vae weights"), noVae.getMessage());
                // strict: the SD 1.5 table on a tiny file finds blocks the tiny UNet lacks
            }
            // wrong architecture: layers_per_block 2 numbering on a layers_per_block 1 file -> strict load names the keys
            try (SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(unetOnly, CompVisKeyMap.sd15(), false)) {
                DmException strict = assertThrows(DmException.class,
                        () -> ckpt.loadInto(Component.UNET, new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.empty())));
                assertTrue(strict.getMessage().contains("[unet]") && strict.getMessage().contains("missing key"), strict.getMessage());
            }
            Path pickle = dir.resolve("model.ckpt");
            Files.write(pickle, new byte[]{(byte) 0x80, 0x02, 'c', 'x'});
            assertThrows(DmException.class, () -> SingleFileCheckpoint.open(pickle));
        }
    }
}
