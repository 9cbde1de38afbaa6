package org.diffumatting.models.clip;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.safetensors.SafetensorsWriter;
import org.diffumatting.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CLIPTextModelTest {

    static Path sd15(String name) {
        try {
            return Path.of(CLIPTextModelTest.class.getResource("/sd15/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** name -> shape from a committed key list ({@code name<TAB>d0,d1,...}). */
    static Map<String, long[]> readKeyList(Path file) throws IOException {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t");
            out.put(parts[0], Arrays.stream(parts[1].split(",")).mapToLong(Long::parseLong).toArray());
        }
        return out;
    }

    @Test
    void sd15ConfigBuildsExactlyTheCommittedParameterNamesAndShapes() throws IOException {
        CLIPTextConfig config = CLIPTextConfig.load(sd15("text_encoder/config.json"));
        assertEquals(CLIPTextConfig.sd15(), config);
        Map<String, long[]> expected = readKeyList(sd15("sd15-text_encoder.keys.tsv"));
        assertEquals(196, expected.size());
        try (MemoryScope scope = MemoryScope.open()) {
            CLIPTextModel model = new CLIPTextModel(config, ParamInit.meta());
            Map<String, long[]> actual = model.parameterShapes();
            assertEquals(expected.keySet(), actual.keySet());
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                assertArrayEquals(e.getValue(), actual.get(e.getKey()), e.getKey());
            }
            long count = actual.values().stream().mapToLong(org.diffumatting.tensor.Tensors::numel).sum();
            assertEquals(123_060_480L, count, "CLIP ViT-L/14 text tower parameter count");
            assertEquals(0, model.named_buffers(true).size(), "position_ids is computed, not a buffer");
        }
    }

    @Test
    void configRoundTripsThroughJson(@TempDir Path dir) throws IOException {
        CLIPTextConfig tiny = CLIPTextConfig.tiny(50, 32, 2, 4, 16);
        Path file = dir.resolve("config.json");
        tiny.save(file);
        assertEquals(tiny, CLIPTextConfig.load(file));
        assertTrue(Files.readString(file).contains("\"num_hidden_layers\" : 2"));

        Files.writeString(file, "{\"hidden_size\": 30, \"num_attention_heads\": 4}");
        DmException bad = assertThrows(DmException.class, () -> CLIPTextConfig.load(file));
        assertTrue(bad.getMessage().contains("config.json") && bad.getMessage().contains("num_attention_heads"),
                bad.getMessage());
        Files.writeString(file, "{\"hidden_act\": \"relu\"}");
        assertThrows(DmException.class, () -> CLIPTextConfig.load(file));
        assertThrows(DmException.class, () -> CLIPTextConfig.load(dir.resolve("missing.json")));
    }

    @Test
    void forwardMatchesANaiveReferenceImplementation() {
        CLIPTextConfig config = CLIPTextConfig.tiny(40, 16, 2, 2, 8);
        long[] ids = {3, 17, 5, 39, 0, 22, 8, 11, 30, 2}; // [2, 5]
        try (MemoryScope scope = MemoryScope.open(); NoGradGuard g = new NoGradGuard()) {
            CLIPTextModel model = new CLIPTextModel(config, ParamInit.seeded(7));
            Tensor out = model.forward(Tensors.fromLongs(ids, 2, 5));
            assertArrayEquals(new long[]{2, 5, 16}, Tensors.shape(out));
            float[] got = Tensors.toFloats(out);
            float[] want = NaiveClip.forward(weights(model), config, ids, 2, 5, 0);
            assertClose(want, got, 2e-4f);

            Tensor skipped = model.forward(Tensors.fromLongs(ids, 2, 5), 1);
            assertClose(NaiveClip.forward(weights(model), config, ids, 2, 5, 1), Tensors.toFloats(skipped), 2e-4f);
            assertNotEquals(got[0], Tensors.toFloats(skipped)[0]);
        }
    }

    @Test
    void causalMaskMakesEarlierPositionsIndependentOfLaterTokens() {
        CLIPTextConfig config = CLIPTextConfig.tiny(40, 16, 2, 2, 8);
        try (MemoryScope scope = MemoryScope.open(); NoGradGuard g = new NoGradGuard()) {
            CLIPTextModel model = new CLIPTextModel(config, ParamInit.seeded(3));
            float[] a = Tensors.toFloats(model.forward(Tensors.fromLongs(new long[]{1, 2, 3, 4, 5, 6}, 1, 6)));
            float[] b = Tensors.toFloats(model.forward(Tensors.fromLongs(new long[]{1, 2, 3, 9, 9, 9}, 1, 6)));
            float[] again = Tensors.toFloats(model.forward(Tensors.fromLongs(new long[]{1, 2, 3, 4, 5, 6}, 1, 6)));
            assertArrayEquals(a, again, "deterministic");
            for (int i = 0; i < 3 * 16; i++) {
                assertEquals(a[i], b[i], 1e-6f, "position < 3 must not see later tokens");
            }
            assertNotEquals(a[3 * 16], b[3 * 16]);
            assertThrows(IllegalArgumentException.class, () -> model.forward(Tensors.fromLongs(new long[9], 1, 9)));
            assertThrows(IllegalArgumentException.class, () -> model.forward(Tensors.fromLongs(new long[2], 1, 2), 2));
        }
    }

    @Test
    void positionIdsAreOptionalInCheckpoints() {
        CLIPTextModel model = new CLIPTextModel(CLIPTextConfig.tiny(40, 16, 1, 2, 8), ParamInit.meta());
        Map<String, long[]> withIds = new LinkedHashMap<>(model.parameterShapes());
        withIds.put("text_model.embeddings.position_ids", new long[]{1, 8});
        assertEquals(model.parameterShapes().keySet(), model.withoutOptionalKeys(withIds, "f").keySet());
        assertEquals(model.parameterShapes().keySet(),
                model.withoutOptionalKeys(model.parameterShapes(), "f").keySet());
        withIds.put("text_model.embeddings.position_ids", new long[]{1, 77});
        DmException e = assertThrows(DmException.class, () -> model.withoutOptionalKeys(withIds, "f"));
        assertTrue(e.getMessage().contains("position_ids"));
    }

    @Test
    void fromPretrainedLoadsWithAndWithoutPositionIds(@TempDir Path dir) throws IOException {
        CLIPTextConfig config = CLIPTextConfig.tiny(40, 16, 2, 2, 8);
        long[] ids = {1, 5, 9, 13};
        try (MemoryScope scope = MemoryScope.open(); NoGradGuard g = new NoGradGuard()) {
            CLIPTextModel source = new CLIPTextModel(config, ParamInit.seeded(11));
            float[] want = Tensors.toFloats(source.forward(Tensors.fromLongs(ids, 1, 4)));
            Map<String, Tensor> state = new LinkedHashMap<>(org.diffumatting.models.loading.StateDict.of(source));
            Path without = dir.resolve("without");
            config.save(without.resolve("config.json"));
            SafetensorsWriter.write(without.resolve("model.safetensors"), state, Map.of("format", "pt"));
            assertArrayEquals(want, Tensors.toFloats(CLIPTextModel.fromPretrained(without).forward(Tensors.fromLongs(ids, 1, 4))));

            Path with = dir.resolve("with");
            config.save(with.resolve("config.json"));
            state.put("text_model.embeddings.position_ids", Tensors.fromLongs(new long[]{0, 1, 2, 3, 4, 5, 6, 7}, 1, 8));
            SafetensorsWriter.write(with.resolve("model.safetensors"), state, Map.of("format", "pt"));
            assertArrayEquals(want, Tensors.toFloats(CLIPTextModel.fromPretrained(with).forward(Tensors.fromLongs(ids, 1, 4))));
            // the generic folder loader (model registry + StrictLoader) applies the same rule
            org.bytedeco.pytorch.Module viaRegistry = org.diffumatting.models.loading.DiffusersFolder.loadComponent(
                    with, org.bytedeco.pytorch.global.torch.ScalarType.Float, false);
            assertArrayEquals(want, Tensors.toFloats(((CLIPTextModel) viaRegistry).forward(Tensors.fromLongs(ids, 1, 4))));

            // the fp16 variant, loaded into bfloat16 parameters
            Map<String, Tensor> half = new LinkedHashMap<>();
            state.forEach((k, v) -> half.put(k, v.scalar_type() == org.bytedeco.pytorch.global.torch.ScalarType.Float
                    ? v.to(org.bytedeco.pytorch.global.torch.ScalarType.Half) : v));
            SafetensorsWriter.write(with.resolve("model.fp16.safetensors"), half, Map.of("format", "pt"));
            CLIPTextModel bf16 = CLIPTextModel.fromPretrained(with, org.bytedeco.pytorch.global.torch.ScalarType.BFloat16, true);
            assertEquals(org.bytedeco.pytorch.global.torch.ScalarType.BFloat16.value,
                    bf16.parameters().get(0).scalar_type().value);
            float[] approx = Tensors.toFloats(bf16.forward(Tensors.fromLongs(ids, 1, 4)));
            assertClose(want, approx, 0.1f);

            Path pickled = dir.resolve("pickled");
            config.save(pickled.resolve("config.json"));
            Files.write(pickled.resolve("pytorch_model.bin"), new byte[]{(byte) 0x80, 0x02});
            DmException pickle = assertThrows(DmException.class, () -> CLIPTextModel.fromPretrained(pickled));
            assertTrue(pickle.getMessage().contains("pickle"), pickle.getMessage());

            state.remove("text_model.final_layer_norm.bias");
            SafetensorsWriter.write(with.resolve("model.safetensors"), state, Map.of("format", "pt"));
            DmException missing = assertThrows(DmException.class, () -> CLIPTextModel.fromPretrained(with));
            assertTrue(missing.getMessage().contains("text_model.final_layer_norm.bias"), missing.getMessage());
        }
    }

    static Map<String, float[]> weights(CLIPTextModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        StringTensorDict params = model.named_parameters(true);
        for (long i = 0; i < params.size(); i++) {
            out.put(params.get(i).key().getString(), Tensors.toFloats(params.get(i).value()));
        }
        return out;
    }

    static void assertClose(float[] want, float[] got, float tol) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol, "index " + i);
        }
    }
}
