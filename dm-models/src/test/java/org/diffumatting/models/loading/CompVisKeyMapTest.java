package org.diffumatting.models.loading;

import org.diffumatting.models.loading.CompVisKeyMap.Component;
import org.diffumatting.models.loading.CompVisKeyMap.Reshape;
import org.diffumatting.models.loading.CompVisKeyMap.Target;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompVisKeyMapTest {

    static Path resource(String name) {
        try {
            return Path.of(CompVisKeyMapTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, long[]> keyList(String resource) throws IOException {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(resource(resource))) {
            if (!line.isBlank()) {
                String[] p = line.split("\t");
                out.put(p[0], Arrays.stream(p[1].split(",")).mapToLong(Long::parseLong).toArray());
            }
        }
        return out;
    }

    /**
     * The SD 1.5 CompVis key list (derived from the LDM architecture, see compvis/make_sd15_compvis_keys.py)
     * maps exactly onto the diffusers/transformers key and shape lists of the three components.
     */
    @Test
    void sd15CompVisKeysMapExactlyOntoTheDiffusersKeySets() throws IOException {
        CompVisKeyMap map = CompVisKeyMap.sd15();
        Map<String, long[]> compVis = keyList("/compvis/sd15-compvis.keys.tsv");
        assertEquals(1143, compVis.size());
        Map<Component, Map<String, long[]>> mapped = new EnumMap<>(Component.class);
        List<String> ignored = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, long[]> e : compVis.entrySet()) {
            if (map.isIgnored(e.getKey())) {
                ignored.add(e.getKey());
                continue;
            }
            Optional<Target> t = map.map(e.getKey());
            if (t.isEmpty()) {
                unknown.add(e.getKey());
                continue;
            }
            long[] previous = mapped.computeIfAbsent(t.get().component(), c -> new LinkedHashMap<>())
                    .put(t.get().key(), t.get().reshape().apply(e.getValue()));
            assertEquals(null, previous, "two keys map to " + t.get().key());
        }
        assertEquals(List.of(), unknown);
        assertEquals(13, ignored.size(), ignored.toString()); // 12 schedule buffers + position_ids
        assertSameKeysAndShapes(keyList("/sd15/sd15-unet.keys.tsv"), mapped.get(Component.UNET));
        assertSameKeysAndShapes(keyList("/sd15/sd15-vae.keys.tsv"), mapped.get(Component.VAE));
        assertSameKeysAndShapes(keyList("/sd15/sd15-text_encoder.keys.tsv"), mapped.get(Component.TEXT_ENCODER));
    }

    static void assertSameKeysAndShapes(Map<String, long[]> want, Map<String, long[]> got) {
        assertEquals(new TreeSet<>(want.keySet()), new TreeSet<>(got.keySet()));
        for (Map.Entry<String, long[]> e : want.entrySet()) {
            assertArrayEquals(e.getValue(), got.get(e.getKey()), e.getKey());
        }
    }

    /** Entries that appear literally in public conversion tables (diffusers/A1111 scripts, DiffSynth). */
    @Test
    void publishedConversionTableEntries() {
        CompVisKeyMap map = CompVisKeyMap.sd15();
        assertMaps(map, "model.diffusion_model.output_blocks.2.1.conv.weight", Component.UNET, "up_blocks.0.upsamplers.0.conv.weight");
        assertMaps(map, "model.diffusion_model.output_blocks.5.2.conv.bias", Component.UNET, "up_blocks.1.upsamplers.0.conv.bias");
        assertMaps(map, "model.diffusion_model.output_blocks.8.2.conv.weight", Component.UNET, "up_blocks.2.upsamplers.0.conv.weight");
        assertMaps(map, "model.diffusion_model.input_blocks.9.0.op.weight", Component.UNET, "down_blocks.2.downsamplers.0.conv.weight");
        assertMaps(map, "model.diffusion_model.output_blocks.2.0.skip_connection.weight", Component.UNET,
                "up_blocks.0.resnets.2.conv_shortcut.weight");
        assertMaps(map, "model.diffusion_model.output_blocks.3.0.in_layers.0.weight", Component.UNET, "up_blocks.1.resnets.0.norm1.weight");
        assertMaps(map, "model.diffusion_model.input_blocks.4.0.emb_layers.1.bias", Component.UNET, "down_blocks.1.resnets.0.time_emb_proj.bias");
        assertMaps(map, "model.diffusion_model.middle_block.2.out_layers.3.weight", Component.UNET, "mid_block.resnets.1.conv2.weight");
        assertMaps(map, "model.diffusion_model.output_blocks.11.1.transformer_blocks.0.attn2.to_k.weight", Component.UNET,
                "up_blocks.3.attentions.2.transformer_blocks.0.attn2.to_k.weight");
        assertMaps(map, "model.diffusion_model.time_embed.2.bias", Component.UNET, "time_embedding.linear_2.bias");
        assertMaps(map, "model.diffusion_model.label_emb.0.0.weight", Component.UNET, "class_embedding.linear_1.weight");
        assertMaps(map, "model.diffusion_model.label_emb.0.2.bias", Component.UNET, "class_embedding.linear_2.bias");
        assertMaps(map, "first_stage_model.decoder.up.3.block.0.conv1.weight", Component.VAE, "decoder.up_blocks.0.resnets.0.conv1.weight");
        assertMaps(map, "first_stage_model.decoder.up.1.upsample.conv.bias", Component.VAE, "decoder.up_blocks.2.upsamplers.0.conv.bias");
        assertMaps(map, "first_stage_model.encoder.down.1.block.0.nin_shortcut.weight", Component.VAE,
                "encoder.down_blocks.1.resnets.0.conv_shortcut.weight");
        assertMaps(map, "first_stage_model.encoder.norm_out.bias", Component.VAE, "encoder.conv_norm_out.bias");
        assertMaps(map, "cond_stage_model.transformer.text_model.final_layer_norm.weight", Component.TEXT_ENCODER,
                "text_model.final_layer_norm.weight");
        assertMaps(map, "cond_stage_model.transformer.encoder.layers.3.mlp.fc1.bias", Component.TEXT_ENCODER,
                "text_model.encoder.layers.3.mlp.fc1.bias");
        Target q = map.map("first_stage_model.encoder.mid.attn_1.q.weight").orElseThrow();
        assertEquals("encoder.mid_block.attentions.0.to_q.weight", q.key());
        assertEquals(Reshape.SQUEEZE_TO_LINEAR, q.reshape());
        assertArrayEquals(new long[]{512, 512}, q.reshape().apply(new long[]{512, 512, 1, 1}));
        assertEquals("decoder.mid_block.attentions.0.to_out.0.bias",
                map.map("first_stage_model.decoder.mid.attn_1.proj_out.bias").orElseThrow().key());
        assertEquals("model_ema.diffusion_modelinput_blocks11proj_inweight",
                CompVisKeyMap.emaKey("model.diffusion_model.input_blocks.1.1.proj_in.weight"));
    }

    @Test
    void unknownAndIgnoredKeys() {
        CompVisKeyMap map = CompVisKeyMap.sd15();
        for (String key : List.of("model.diffusion_model.input_blocks.1.0.in_layers.1.weight", "first_stage_model.loss.logvar",
                "conditioner.embedders.0.transformer.text_model.final_layer_norm.weight", "model.diffusion_model.label_emb.1.0.weight",
                "first_stage_model.encoder.mid.attn_1.qkv.weight", "something_else")) {
            assertTrue(map.map(key).isEmpty(), key);
            assertFalse(map.isIgnored(key), key);
        }
        for (String key : List.of("alphas_cumprod", "betas", "model_ema.decay", "model_ema.num_updates",
                "model_ema.diffusion_modeltime_embed0weight", "cond_stage_model.transformer.text_model.embeddings.position_ids")) {
            assertTrue(map.isIgnored(key), key);
            assertTrue(map.map(key).isEmpty(), key);
        }
    }

    private static void assertMaps(CompVisKeyMap map, String compVis, Component c, String diffusers) {
        Target t = map.map(compVis).orElseThrow(() -> new AssertionError("unmapped " + compVis));
        assertEquals(c, t.component(), compVis);
        assertEquals(diffusers, t.key(), compVis);
    }
}
