package org.diffumatting.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.models.loading.DiffusersFolder;
import org.diffumatting.models.loading.StateDict;
import org.diffumatting.models.text.MiniLmTextEncoder;
import org.diffumatting.models.text.TextEncoderFolder;
import org.diffumatting.models.unet.UNet2DConditionModel;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Tensors;
import org.diffumatting.train.config.TrainConfig;
import org.diffumatting.train.data.GreenDataset;
import org.diffumatting.train.stage.HeadStage;
import org.diffumatting.train.stage.UNetStage;
import org.diffumatting.train.stage.VaeStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The three stages on a tiny synthetic set (16x16, f = 2), in pipeline order: vae (with the resume-equivalence
 * check), then head and unet on the trained VAE. Each stage's loss on a fixed batch and fixed draws falls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StagesTrainingTest {
    private Path tmp;
    private Path data;
    private Path vaeModel;

    @BeforeAll
    void writeData() throws Exception {
        tmp = Files.createTempDirectory("dm-train-stages");
        data = SyntheticGreenSet.write(tmp.resolve("data"), 6, 16, 1);
    }

    @AfterAll
    void deleteData() throws Exception {
        try (var files = Files.walk(tmp)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private TrainConfig config(String dir, int steps, String extra) throws Exception {
        Path out = Files.createDirectories(tmp.resolve(dir));
        return TrainConfig.read(TinyConfigs.write(out, "\"data_dir\":\"" + data + "\",\"output_dir\":\"" + out
                + "\",\"resolution\":16,\"batch_size\":2,\"max_steps\":" + steps + ",\"warmup_steps\":2,\"threads\":1,"
                + "\"checkpoint_every\":0,\"log_every\":1,\"seed\":7," + extra));
    }

    private static GreenDataset open(TrainConfig c) {
        return GreenDataset.open(c.dataDir(), c.split(), c.resolution());
    }

    /** The stage loss on samples 0..3 with the draws of step 0 (no gradients). */
    private static double fixedLoss(TrainingStage stage, GreenDataset d) {
        return lossAtStep(stage, d, 0);
    }

    /** The stage loss on samples 0..3 with the draws of the given step (no gradients). */
    private static double lossAtStep(TrainingStage stage, GreenDataset d, long step) {
        try (MemoryScope s = MemoryScope.open(); NoGradGuard g = new NoGradGuard()) {
            return Tensors.item(stage.loss(d.load(new int[] {0, 1, 2, 3}, stage.needsForeground()),
                    new StepContext(step, 0, 7, s)).total());
        }
    }

    @Test
    @Order(1)
    void vaeTrainsAndAResumedRunRepeatsTheStraightRun() throws Exception {
        String vae = "\"learning_rate\":0.003,\"ema_decay\":0.9,\"sample_every\":0,\"gradient_accumulation_steps\":2,"
                + "\"vae_band_weight\":2.0,\"vae_config\":" + TinyConfigs.VAE;
        TrainConfig a = config("vae-straight", 6, vae);
        VaeStage stage = new VaeStage(a, open(a));
        double before = fixedLoss(stage, open(a));
        Trainer.Result straight = new Trainer(a, stage, open(a), System.out).run(false);
        assertEquals(6, straight.losses().size());
        assertTrue(fixedLoss(stage, open(a)) < before, "vae loss falls");
        vaeModel = straight.modelDir();
        assertTrue(Files.isRegularFile(vaeModel.resolve("vae/diffusion_pytorch_model.safetensors")));
        assertTrue(Files.isRegularFile(vaeModel.resolve("model_index.json")));

        TrainConfig b = config("vae-resumed", 6, vae);
        Trainer.Result first = new Trainer(b, new VaeStage(b, open(b)), open(b), System.out).stopAt(3).run(false);
        assertTrue(first.interrupted());
        // as a fresh process would: rebuild the stage from the config, then resume
        Trainer.Result second = new Trainer(b, new VaeStage(b, open(b)), open(b), System.out).run(true);
        assertEquals(3, second.startStep());
        List<Double> joined = new ArrayList<>(first.losses());
        joined.addAll(second.losses());
        assertArrayEquals(straight.losses().stream().mapToDouble(Double::doubleValue).toArray(),
                joined.stream().mapToDouble(Double::doubleValue).toArray(), 1e-6, "straight " + straight.losses() + " vs " + joined);
        assertEquals(6, Files.readAllLines(tmp.resolve("vae-resumed/train-log.jsonl")).size());
    }

    @Test
    @Order(2)
    void headTrainsOnTheFrozenVae() throws Exception {
        TrainConfig c = config("head", 8, "\"learning_rate\":0.003,\"ema_decay\":0,\"sample_every\":4,\"vae_path\":\""
                + vaeModel + "\",\"head_config\":" + TinyConfigs.HEAD);
        HeadStage stage = new HeadStage(c);
        double before = fixedLoss(stage, open(c));
        Trainer.Result r = new Trainer(c, stage, open(c), System.out).run(false);
        assertTrue(fixedLoss(stage, open(c)) < before, "head loss falls");
        assertTrue(Files.isRegularFile(r.modelDir().resolve("matting_head/config.json")));
        assertTrue(Files.isRegularFile(r.modelDir().resolve("vae/config.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("head/samples/step-00000004.png")));
        vaeHead = r.modelDir();
    }

    private Path vaeHead;

    @Test
    @Order(3)
    void unetTrainsWithTheJointObjectiveThroughTheFrozenDecoder() throws Exception {
        TrainConfig c = config("unet", 8, "\"learning_rate\":0.002,\"ema_decay\":0.9,\"sample_every\":8,\"sample_count\":2,"
                + "\"sample_inference_steps\":2,\"caption_dropout\":0.25,\"lambda_green\":0.5,\"lambda_tb\":1.0,"
                + "\"green_loss_form\":\"pixel\",\"lambda_tb_gradient\":0.5,"
                + "\"band_radius\":1,\"text_max_length\":8,\"vae_path\":\"" + vaeModel + "\",\"head_path\":\"" + vaeHead
                + "\",\"unet_config\":" + TinyConfigs.UNET);
        UNetStage stage = new UNetStage(c, new MiniLmTextEncoder(c.textMaxLength()));
        double before = fixedLoss(stage, open(c));
        Trainer.Result r = new Trainer(c, stage, open(c), System.out).run(false);
        assertTrue(fixedLoss(stage, open(c)) < before, "unet loss falls");
        for (String f : List.of("unet/config.json", "unet/diffusion_pytorch_model.safetensors", "vae/config.json",
                "matting_head/config.json", "scheduler/scheduler_config.json", "text_encoder/config.json", "model_index.json")) {
            assertTrue(Files.isRegularFile(r.modelDir().resolve(f)), f);
        }
        assertTrue(Files.isRegularFile(tmp.resolve("unet/samples/step-00000008.png")));
        // the folder loads back strictly, as the generation pipeline loads it
        assertTrue(DiffusersFolder.loadComponent(r.modelDir(), "unet", torch.ScalarType.Float, false) instanceof UNet2DConditionModel);
        assertEquals(384, TextEncoderFolder.load(r.modelDir()).hiddenSize());
        String log = Files.readString(tmp.resolve("unet/train-log.jsonl"));
        assertTrue(log.contains("\"green\"") && log.contains("\"tb\"") && log.contains("\"tb_grad\"")
                && log.contains("\"grad_norm\""), log);
    }
    @Test
    @Order(4)
    void unetStartsBeforeTheHeadExistsAndExportsItOnceTrained() throws Exception {
        Path laterHead = tmp.resolve("head-later");
        TrainConfig c = config("unet-early", 2, "\"learning_rate\":0.002,\"ema_decay\":0,\"sample_every\":1,\"sample_count\":2,"
                + "\"sample_inference_steps\":1,\"text_max_length\":8,\"checkpoint_every\":1,\"vae_path\":\"" + vaeModel
                + "\",\"head_path\":\"" + laterHead + "\",\"unet_config\":" + TinyConfigs.UNET);
        DmException e = assertThrows(DmException.class,
                () -> new Trainer(c, new UNetStage(c, new MiniLmTextEncoder(c.textMaxLength())), open(c), System.out).run(false));
        assertTrue(e.getMessage().contains("head_path") && e.getMessage().contains("dm train head"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("unet-early/model/matting_head")));

        // stage 2 finishes (here: a copy of the head trained above), then resuming stage 3 only exports
        copyTree(vaeHead, laterHead);
        Trainer.Result r = new Trainer(c, new UNetStage(c, new MiniLmTextEncoder(c.textMaxLength())), open(c), System.out).run(true);
        assertEquals(2, r.startStep());
        assertTrue(Files.isRegularFile(r.modelDir().resolve("matting_head/diffusion_pytorch_model.safetensors")));
        assertTrue(Files.readString(r.modelDir().resolve("model_index.json")).contains("matting_head"));
    }

    @Test
    @Order(5)
    void unetPathStartsFromAPretrainedUnetAndTrainsIt() throws Exception {
        Path pretrained = tmp.resolve("unet-early/model");        // exported by the test above
        String common = "\"learning_rate\":0.002,\"ema_decay\":0,\"sample_every\":0,\"text_max_length\":8,\"vae_path\":\""
                + vaeModel + "\",";
        TrainConfig c = config("unet-finetune", 2, common + "\"unet_path\":\"" + pretrained + "\"");
        startsFromAndTrains(c, new UNetStage(c, new MiniLmTextEncoder(c.textMaxLength())), pretrained, "unet");

        DmException both = assertThrows(DmException.class, () -> config("unet-both", 2, common + "\"unet_path\":\"" + pretrained
                + "\",\"unet_config\":" + TinyConfigs.UNET));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
    }

    @Test
    @Order(6)
    void headPathContinuesATrainedHead() throws Exception {
        String common = "\"learning_rate\":0.003,\"ema_decay\":0,\"sample_every\":0,\"vae_path\":\"" + vaeModel + "\",";
        TrainConfig c = config("head-continued", 2, common + "\"head_path\":\"" + vaeHead + "\"");
        startsFromAndTrains(c, new HeadStage(c), vaeHead, "matting_head");

        TrainConfig both = config("head-both", 2, common + "\"head_path\":\"" + vaeHead + "\",\"head_config\":" + TinyConfigs.HEAD);
        DmException e = assertThrows(DmException.class, () -> new HeadStage(both));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
    }

    @Test
    @Order(7)
    void aFrozenEncoderKeepsTheLatentSpaceWhileTheDecoderTrains() throws Exception {
        String common = "\"learning_rate\":0.003,\"ema_decay\":0,\"sample_every\":0,";
        TrainConfig c = config("vae-decoder", 3, common + "\"vae_path\":\"" + vaeModel + "\",\"train_encoder\":false");
        VaeStage stage = new VaeStage(c, open(c));
        var source = StateDict.of(DiffusersFolder.loadComponent(vaeModel, "vae", torch.ScalarType.Float, false));
        var before = StateDict.of(stage.trainable());
        for (String k : source.keySet()) assertTrue(torch.equal(source.get(k), before.get(k)), k);
        Map<String, Tensor> start = new HashMap<>();
        before.forEach((k, v) -> start.put(k, v.clone()));
        Trainer.Result r = new Trainer(c, stage, open(c), System.out).run(false);
        var after = StateDict.of(stage.trainable());
        boolean decoderChanged = false;
        for (String k : after.keySet()) {
            boolean same = torch.equal(start.get(k), after.get(k));
            if (k.startsWith("encoder.") || k.startsWith("quant_conv.")) assertTrue(same, "frozen: " + k);
            else if (!same) decoderChanged = true;
        }
        assertTrue(decoderChanged, "the decoder trains");
        assertEquals(ConfigJson.read(vaeModel.resolve("vae/config.json")).get("scaling_factor").asDouble(),
                ConfigJson.read(r.modelDir().resolve("vae/config.json")).get("scaling_factor").asDouble(), 0.0,
                "the source's scaling_factor is kept");

        // sample_posterior false decodes the mode: the loss no longer depends on the step's posterior draws
        TrainConfig mode = config("vae-mode", 2, common + "\"vae_path\":\"" + vaeModel + "\",\"train_encoder\":false,\"sample_posterior\":false");
        VaeStage modeStage = new VaeStage(mode, open(mode));
        assertEquals(lossAtStep(modeStage, open(mode), 0), lossAtStep(modeStage, open(mode), 5), 0.0, "mode: no draw");
        assertTrue(lossAtStep(stage, open(c), 0) != lossAtStep(stage, open(c), 5), "sampled posterior: the draw moves the loss");

        TrainConfig both = config("vae-both", 2, common + "\"vae_path\":\"" + vaeModel + "\",\"vae_config\":" + TinyConfigs.VAE);
        DmException e = assertThrows(DmException.class, () -> new VaeStage(both, open(both)));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
        TrainConfig noSource = config("vae-nosource", 2, common + "\"train_encoder\":false,\"vae_config\":" + TinyConfigs.VAE);
        e = assertThrows(DmException.class, () -> new VaeStage(noSource, open(noSource)));
        assertTrue(e.getMessage().contains("train_encoder") && e.getMessage().contains("vae_path"), e.getMessage());
    }

    @Test
    @Order(8)
    void addSentenceEmbeddingGrowsAPretrainedUnetWithoutChangingItsFunction() throws Exception {
        Path pretrained = tmp.resolve("unet-early/model");        // exported by unetStartsBeforeTheHeadExists...
        String common = "\"learning_rate\":0.002,\"ema_decay\":0,\"sample_every\":2,\"sample_count\":2,\"sample_inference_steps\":1,"
                + "\"text_max_length\":8,\"vae_path\":\"" + vaeModel + "\",\"unet_path\":\"" + pretrained + "\"";
        TrainConfig plainConfig = config("unet-plain", 2, common);
        TrainConfig c = config("unet-sentence", 2, common + ",\"add_sentence_embedding\":true");
        MiniLmTextEncoder text = new MiniLmTextEncoder(c.textMaxLength());
        UNetStage grown = new UNetStage(c, text);
        Tensor linear2 = StateDict.of(grown.trainable()).get("class_embedding.linear_2.weight").clone();
        assertTrue(torch.equal(linear2, torch.zeros_like(linear2)), "linear_2 starts at zero");
        assertEquals(fixedLoss(new UNetStage(plainConfig, text), open(c)), fixedLoss(grown, open(c)), 1e-6,
                "a zero-initialised class embedding leaves the loss as it was");
        Trainer.Result r = new Trainer(c, grown, open(c), System.out).run(false);
        assertFalse(torch.equal(linear2, StateDict.of(grown.trainable()).get("class_embedding.linear_2.weight")),
                "the class embedding trains");
        var exported = ConfigJson.read(r.modelDir().resolve("unet/config.json"));
        assertEquals("projection", exported.get("class_embed_type").asText());
        assertEquals(384, exported.get("projection_class_embeddings_input_dim").asInt());
        assertTrue(DiffusersFolder.loadComponent(r.modelDir(), "unet", torch.ScalarType.Float, false) instanceof UNet2DConditionModel);

        // continuing the grown export with the key set is a no-op growth: the weights load as they are
        TrainConfig again = config("unet-sentence-again", 1, common.replace(pretrained.toString(), r.modelDir().toString())
                + ",\"add_sentence_embedding\":true");
        startsFromAndTrains(again, new UNetStage(again, text), r.modelDir(), "unet");
        DmException noPath = assertThrows(DmException.class, () -> config("unet-sentence-new", 1,
                "\"vae_path\":\"" + vaeModel + "\",\"add_sentence_embedding\":true,\"unet_config\":" + TinyConfigs.UNET));
        assertTrue(noPath.getMessage().contains("add_sentence_embedding") && noPath.getMessage().contains("unet_path"), noPath.getMessage());
    }

    @Test
    @Order(9)
    void aHeadTrainsJointlyWithTheVaeOnCropsAndAResumedRunRepeatsTheStraightRun() throws Exception {
        String joint = "\"learning_rate\":0.003,\"ema_decay\":0.9,\"sample_every\":2,\"sample_count\":2,\"lambda_matte\":1.0,"
                + "\"crop_size\":8,\"vae_band_weight\":2.0,\"vae_config\":" + TinyConfigs.VAE + ",\"head_config\":" + TinyConfigs.HEAD;
        TrainConfig a = config("vae-joint-straight", 4, joint);
        VaeStage stage = new VaeStage(a, open(a));
        assertTrue(stage.needsForeground());
        var names = StateDict.of(stage.trainable()).keySet();
        assertTrue(names.contains("vae.encoder.conv_in.weight") && names.contains("matting_head.conv_in.weight"), names.toString());
        double before = fixedLoss(stage, open(a));
        Trainer.Result straight = new Trainer(a, stage, open(a), System.out).run(false);
        assertTrue(fixedLoss(stage, open(a)) < before, "joint loss falls");
        String log = Files.readAllLines(tmp.resolve("vae-joint-straight/train-log.jsonl")).get(0);
        assertTrue(log.contains("\"reconstruction\"") && log.contains("\"alpha_l1\""), log);
        assertTrue(Files.isRegularFile(tmp.resolve("vae-joint-straight/samples/step-00000002.png")));
        // the export is a vae + matting_head pipeline folder: each loads strictly, as a head-stage export does
        assertTrue(DiffusersFolder.loadComponent(straight.modelDir(), "matting_head", torch.ScalarType.Float, false)
                instanceof org.diffumatting.models.matting.MattingHead);
        TrainConfig headAfter = config("head-after-joint", 2, "\"learning_rate\":0.003,\"ema_decay\":0,\"sample_every\":0,"
                + "\"vae_path\":\"" + straight.modelDir() + "\",\"head_path\":\"" + straight.modelDir() + "\"");
        startsFromAndTrains(headAfter, new HeadStage(headAfter), straight.modelDir(), "matting_head");

        TrainConfig b = config("vae-joint-resumed", 4, joint);
        Trainer.Result first = new Trainer(b, new VaeStage(b, open(b)), open(b), System.out).stopAt(2).run(false);
        Trainer.Result second = new Trainer(b, new VaeStage(b, open(b)), open(b), System.out).run(true);
        List<Double> joined = new ArrayList<>(first.losses());
        joined.addAll(second.losses());
        assertArrayEquals(straight.losses().stream().mapToDouble(Double::doubleValue).toArray(),
                joined.stream().mapToDouble(Double::doubleValue).toArray(), 1e-6, "crops and the head resume exactly");

        TrainConfig odd = config("vae-crop-odd", 1, "\"crop_size\":7,\"vae_config\":" + TinyConfigs.VAE);
        DmException e = assertThrows(DmException.class, () -> new VaeStage(odd, open(odd)));
        assertTrue(e.getMessage().contains("'crop_size' 7") && e.getMessage().contains("factor 2"), e.getMessage());
        TrainConfig misfit = config("vae-joint-misfit", 1, "\"lambda_matte\":1.0,\"vae_config\":" + TinyConfigs.VAE
                + ",\"head_config\":" + TinyConfigs.HEAD.replace("\"feature_channels\":8", "\"feature_channels\":16"));
        e = assertThrows(DmException.class, () -> new VaeStage(misfit, open(misfit)));
        assertTrue(e.getMessage().contains("feature_channels 16") && e.getMessage().contains("block_out_channels[0] 8"), e.getMessage());
    }

    /** The stage's trainable module starts equal to {@code component} of {@code source}, and a run changes it. */
    private static void startsFromAndTrains(TrainConfig c, TrainingStage stage, Path source, String component) {
        var start = StateDict.of(stage.trainable());
        var expected = StateDict.of(DiffusersFolder.loadComponent(source, component, torch.ScalarType.Float, false));
        assertEquals(expected.keySet(), start.keySet());
        for (String k : expected.keySet()) assertTrue(torch.equal(expected.get(k), start.get(k)), k);
        String w = start.keySet().iterator().next();
        var before = start.get(w).clone();
        new Trainer(c, stage, open(c), System.out).run(false);
        assertFalse(torch.equal(before, StateDict.of(stage.trainable()).get(w)), "weights train");
    }

    private static void copyTree(Path src, Path dst) throws Exception {
        try (var files = Files.walk(src)) {
            for (Path p : files.toList()) {
                Path q = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q);
            }
        }
    }
}
