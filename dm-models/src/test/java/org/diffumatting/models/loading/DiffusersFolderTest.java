package org.diffumatting.models.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.models.TinyConfigs;
import org.diffumatting.models.matting.MattingHead;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.registry.ModelKeys;
import org.diffumatting.models.unet.UNet2DConditionModel;
import org.diffumatting.models.vae.AutoencoderKL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffusersFolderTest {

    @Test
    void pipelineFolderRoundTrip(@TempDir Path tmp) throws Exception {
        try (PointerScope s = new PointerScope()) {
            Path tok = tmp.resolve("src-tokenizer");
            Files.createDirectories(tok);
            Files.writeString(tok.resolve("vocab.json"), "{}");
            Map<String, Module> models = new LinkedHashMap<>();
            models.put("unet", new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.seeded(1)));
            models.put("vae", new AutoencoderKL(TinyConfigs.vae(), ParamInit.seeded(2)));
            models.put("matting_head", new MattingHead(TinyConfigs.mattingHead(), ParamInit.seeded(3)));
            Path out = tmp.resolve("pipe");
            DiffusersFolder.save(out, "DiffuMattingPipeline", models,
                    Map.of("tokenizer", new DiffusersFolder.Asset("transformers", "CLIPTokenizer", tok)), false);

            assertEquals("DiffuMattingPipeline", DiffusersFolder.pipelineClass(out));
            List<DiffusersFolder.ComponentSpec> comps = DiffusersFolder.components(out);
            // model_index.json is written with sorted keys, as diffusers writes it
            assertEquals(List.of("matting_head", "tokenizer", "unet", "vae"), comps.stream().map(DiffusersFolder.ComponentSpec::name).toList());
            assertEquals(new DiffusersFolder.ComponentSpec("unet", "diffusers", "UNet2DConditionModel"), comps.get(2));
            assertEquals(new DiffusersFolder.ComponentSpec("matting_head", "diffumatting", "MattingHead"), comps.get(0));
            assertTrue(Files.isRegularFile(out.resolve("tokenizer/vocab.json")));
            for (String c : List.of("unet", "vae", "matting_head")) {
                Module m = DiffusersFolder.loadComponent(out, c, torch.ScalarType.Float, false);
                Map<String, org.bytedeco.pytorch.Tensor> a = StateDict.of(models.get(c));
                Map<String, org.bytedeco.pytorch.Tensor> b = StateDict.of(m);
                assertEquals(a.keySet(), b.keySet());
                for (String k : a.keySet()) assertTrue(torch.equal(a.get(k), b.get(k)), c + " " + k);
            }
            Map<String, Module> loaded = DiffusersFolder.loadModels(out, torch.ScalarType.Float, false);
            assertEquals(List.of("matting_head", "unet", "vae"), List.copyOf(loaded.keySet()));
            ModelKeys.Result keys = ModelKeys.of(out);
            assertEquals(List.of("matting_head", "unet", "vae"), keys.listings().stream().map(ModelKeys.Listing::component).toList());
            assertEquals(StateDict.of(models.get("vae")).size(), keys.listings().get(2).shapes().size());
            assertEquals("tokenizer", keys.skipped().get(0).component());
        }
    }
}
