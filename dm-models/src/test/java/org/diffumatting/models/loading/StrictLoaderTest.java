package org.diffumatting.models.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.models.TinyConfigs;
import org.diffumatting.models.matting.MattingHead;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.unet.UNet2DConditionModel;
import org.diffumatting.models.vae.AutoencoderKL;
import org.diffumatting.tensor.safetensors.SafetensorsFile;
import org.diffumatting.tensor.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict loading of checkpoints written by the tests themselves (tiny configs, seeded weights). */
class StrictLoaderTest {

    private static boolean sameWeights(Module a, Module b) {
        Map<String, Tensor> x = StateDict.of(a);
        Map<String, Tensor> y = StateDict.of(b);
        if (!x.keySet().equals(y.keySet())) return false;
        for (String k : x.keySet()) {
            if (!torch.equal(x.get(k), y.get(k).to(x.get(k).scalar_type()))) return false;
        }
        return true;
    }

    @Test
    void savedComponentLoadsBackBitExactly(@TempDir Path tmp) {
        try (PointerScope s = new PointerScope()) {
            UNet2DConditionModel a = new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.seeded(1));
            DiffusersFolder.saveComponent(tmp.resolve("unet"), a, false);
            assertTrue(Files.isRegularFile(tmp.resolve("unet/diffusion_pytorch_model.safetensors")));
            assertTrue(Files.isRegularFile(tmp.resolve("unet/config.json")));
            Module b = DiffusersFolder.loadComponent(tmp.resolve("unet"), torch.ScalarType.Float, false);
            assertTrue(b instanceof UNet2DConditionModel);
            assertTrue(sameWeights(a, b));
            UNet2DConditionModel other = new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.seeded(2));
            assertTrue(!sameWeights(a, other), "different seeds give different weights");
        }
    }

    @Test
    void fp16VariantIsWrittenAsHalfAndConvertedOnLoad(@TempDir Path tmp) {
        try (PointerScope s = new PointerScope()) {
            AutoencoderKL a = new AutoencoderKL(TinyConfigs.vae(), ParamInit.seeded(3));
            DiffusersFolder.saveComponent(tmp.resolve("vae"), a, true);
            Path f = tmp.resolve("vae/diffusion_pytorch_model.fp16.safetensors");
            try (SafetensorsFile sf = SafetensorsFile.open(f)) {
                assertEquals(torch.ScalarType.Half, sf.info("encoder.conv_in.weight").dtype().scalarType().intern());
            }
            Module b = DiffusersFolder.loadComponent(tmp.resolve("vae"), torch.ScalarType.Float, true);
            Tensor wa = StateDict.of(a).get("encoder.conv_in.weight");
            Tensor wb = StateDict.of(b).get("encoder.conv_in.weight");
            assertEquals(torch.ScalarType.Float, wb.scalar_type().intern());
            assertTrue(wa.sub(wb).abs().max().item_double() < 1e-3, "fp16 round trip");
            DmException e = assertThrows(DmException.class,
                    () -> DiffusersFolder.loadComponent(tmp.resolve("vae"), torch.ScalarType.Float, false));
            assertTrue(e.getMessage().contains("diffusion_pytorch_model.safetensors"), e.getMessage());
        }
    }

    @Test
    void wrongShapeMissingAndUnexpectedKeysAreAllNamedInOneError(@TempDir Path tmp) {
        try (PointerScope s = new PointerScope()) {
            MattingHead a = new MattingHead(TinyConfigs.mattingHead(), ParamInit.seeded(4));
            LinkedHashMap<String, Tensor> sd = new LinkedHashMap<>(StateDict.of(a));
            sd.remove("conv_out.bias");                                   // missing
            sd.put("conv_in.weight", torch.zeros(3, 3));                  // wrong shape
            sd.put("extra.weight", torch.zeros(2));                       // unexpected
            Path f = tmp.resolve("head.safetensors");
            SafetensorsWriter.write(f, sd, null);
            MattingHead b = new MattingHead(TinyConfigs.mattingHead(), ParamInit.empty());
            DmException e = assertThrows(DmException.class, () -> StrictLoader.load(b, f));
            String m = e.getMessage();
            assertTrue(m.startsWith(f.toString()), m);
            assertTrue(m.contains("1 missing key [conv_out.bias]"), m);
            assertTrue(m.contains("1 unexpected key [extra.weight]"), m);
            assertTrue(m.contains("1 shape mismatch [conv_in.weight: checkpoint [3, 3] vs model [8, 19, 3, 3]]"), m);
            assertTrue(!m.contains("\n"), "one line");
        }
    }

    @Test
    void longListsAreCutAfterTwentyKeys() {
        try (PointerScope s = new PointerScope()) {
            UNet2DConditionModel m = new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.empty());
            int n = StateDict.of(m).size();
            DmException e = assertThrows(DmException.class, () -> StrictLoader.load(m, Map.of(), "empty state dict"));
            assertTrue(e.getMessage().contains(n + " missing keys [conv_in.weight, conv_in.bias"), e.getMessage());
            assertTrue(e.getMessage().contains("... and " + (n - 20) + " more]"), e.getMessage());
        }
    }

    @Test
    void dtypeMismatchIsAnErrorOnlyWhenRequested() {
        try (PointerScope s = new PointerScope()) {
            MattingHead a = new MattingHead(TinyConfigs.mattingHead(), ParamInit.seeded(5));
            LinkedHashMap<String, Tensor> half = new LinkedHashMap<>();
            StateDict.of(a).forEach((k, v) -> half.put(k, v.detach().to(torch.ScalarType.BFloat16)));
            MattingHead b = new MattingHead(TinyConfigs.mattingHead(), ParamInit.empty());
            DmException e = assertThrows(DmException.class, () -> StrictLoader.load(b,
                    TensorSource.of(half, "bf16 dict"), StrictLoader.DtypePolicy.REQUIRE_MATCH));
            assertTrue(e.getMessage().contains("dtype mismatch"), e.getMessage());
            StrictLoader.load(b, half, "bf16 dict");
            assertEquals(torch.ScalarType.Float, StateDict.of(b).get("conv_out.weight").scalar_type().intern());
        }
    }

    @Test
    void metaModelsCannotBeLoadedAndPickleFilesAreRefused(@TempDir Path tmp) throws Exception {
        try (PointerScope s = new PointerScope()) {
            MattingHead a = new MattingHead(TinyConfigs.mattingHead(), ParamInit.seeded(6));
            MattingHead meta = new MattingHead(TinyConfigs.mattingHead(), ParamInit.meta());
            DmException e = assertThrows(DmException.class, () -> StrictLoader.load(meta, StateDict.of(a), "sd"));
            assertTrue(e.getMessage().contains("meta"), e.getMessage());
            Path dir = tmp.resolve("vae");
            Files.createDirectories(dir);
            ConfigJson.write(dir.resolve("config.json"), TinyConfigs.vae().toJson());
            Files.write(dir.resolve("diffusion_pytorch_model.bin"), new byte[] {(byte) 0x80, 2, 0, 0});
            DmException p = assertThrows(DmException.class, () -> DiffusersFolder.loadComponent(dir, torch.ScalarType.Float, false));
            assertTrue(p.getMessage().contains("pickle"), p.getMessage());
        }
    }
}
