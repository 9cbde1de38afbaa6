package org.diffumatting.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.diffumatting.models.text.MiniLmTextEncoder;
import org.diffumatting.tensor.Devices;
import org.diffumatting.train.config.TrainConfig;
import org.diffumatting.train.data.GreenDataset;
import org.diffumatting.train.stage.HeadStage;
import org.diffumatting.train.stage.UNetStage;
import org.diffumatting.train.stage.VaeStage;

/**
 * The library entry behind {@code dm train}: reads the config, opens the data set, builds the stage and runs the
 * {@link Trainer}. The config text is copied to {@code <output_dir>/train-config.json} for the record.
 */
public final class Training {
    private Training() {}

    public static Trainer.Result run(TrainRequest request, PrintStream progress) {
        TrainConfig cfg = TrainConfig.read(request.config());
        if (request.maxSteps() != null) cfg = cfg.withMaxSteps(request.maxSteps());
        if (cfg.threads() > 0) Devices.setThreads(cfg.threads());
        GreenDataset data = GreenDataset.open(cfg.dataDir(), cfg.split(), cfg.resolution(), cfg.sampleFilter());
        TrainingStage stage = switch (request.stage()) {
            case "vae" -> new VaeStage(cfg, data);
            case "head" -> new HeadStage(cfg);
            default -> new UNetStage(cfg, new MiniLmTextEncoder(cfg.textMaxLength()));
        };
        try {
            Files.createDirectories(cfg.outputDir());
            Files.copy(request.config(), cfg.outputDir().resolve("train-config.json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("output_dir " + cfg.outputDir() + ": " + e.getMessage(), e);
        }
        progress.println("[" + stage.name() + "] " + data.size() + " samples (split " + cfg.split()
                + (cfg.sources() == null ? "" : ", sources " + String.join(", ", cfg.sources()))
                + (data.captionExcluded() == 0 ? "" : ", " + data.captionExcluded() + " left out by exclude_captions") + "), "
                + cfg.maxSteps() + " steps of " + cfg.batchSize() + " x " + cfg.gradientAccumulationSteps()
                + (cfg.bf16() ? ", bf16 autocast" : ", fp32") + ", " + Devices.threads() + " threads, output " + cfg.outputDir());
        return new Trainer(cfg, stage, data, progress).run(request.resume());
    }
}
