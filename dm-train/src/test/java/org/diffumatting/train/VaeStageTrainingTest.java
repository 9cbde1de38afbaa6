package org.diffumatting.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.diffumatting.train.config.TrainConfig;
import org.diffumatting.train.data.GreenDataset;
import org.diffumatting.train.stage.VaeStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vae stage on a tiny set: the loss falls, and an interrupted + resumed run repeats the straight run. */
class VaeStageTrainingTest {
    @TempDir
    Path tmp;

    private TrainConfig config(Path data, Path out, int steps) throws Exception {
        return TrainConfig.read(TinyConfigs.write(Files.createDirectories(out), "\"data_dir\":\"" + data + "\",\"output_dir\":\"" + out
                + "\",\"resolution\":16,\"batch_size\":2,\"max_steps\":" + steps + ",\"learning_rate\":0.003,\"warmup_steps\":2,"
                + "\"ema_decay\":0.9,\"checkpoint_every\":0,\"sample_every\":0,\"log_every\":1,\"seed\":7,"
                + "\"gradient_accumulation_steps\":2,\"vae_band_weight\":2.0,\"vae_config\":" + TinyConfigs.VAE));
    }

    @Test
    void resumedRunRepeatsTheStraightRunAndTheModelFolderIsWritten() throws Exception {
        Path data = SyntheticGreenSet.write(tmp.resolve("data"), 6, 16, 1);
        TrainConfig a = config(data, tmp.resolve("straight"), 6);
        Trainer.Result straight = new Trainer(a, new VaeStage(a, GreenDataset.open(data, "train", 16)),
                GreenDataset.open(data, "train", 16), System.out).run(false);
        assertEquals(6, straight.losses().size());
        assertTrue(Files.isRegularFile(straight.modelDir().resolve("vae/diffusion_pytorch_model.safetensors")));
        assertTrue(Files.isRegularFile(straight.modelDir().resolve("model_index.json")));

        TrainConfig b = config(data, tmp.resolve("resumed"), 6);
        Trainer.Result first = new Trainer(b, new VaeStage(b, GreenDataset.open(data, "train", 16)),
                GreenDataset.open(data, "train", 16), System.out).stopAt(3).run(false);
        assertTrue(first.interrupted());
        assertEquals(3, first.losses().size());
        // a fresh process would rebuild everything from the config: so do we
        Trainer.Result second = new Trainer(b, new VaeStage(b, GreenDataset.open(data, "train", 16)),
                GreenDataset.open(data, "train", 16), System.out).run(true);
        assertEquals(3, second.startStep());
        List<Double> joined = new ArrayList<>(first.losses());
        joined.addAll(second.losses());
        double[] x = straight.losses().stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = joined.stream().mapToDouble(Double::doubleValue).toArray();
        assertArrayEquals(x, y, 1e-6, "straight " + straight.losses() + " vs resumed " + joined);
        assertTrue(Files.readAllLines(tmp.resolve("resumed/train-log.jsonl")).size() == 6);
    }
}
