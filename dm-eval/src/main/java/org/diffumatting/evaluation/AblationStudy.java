package org.diffumatting.evaluation;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.diffumatting.common.DmException;
import org.diffumatting.models.text.TextEncoderFolder;
import org.diffumatting.pipelines.GenerateRequest;
import org.diffumatting.pipelines.GreenCanvasPipeline;
import org.diffumatting.pipelines.PipelineModel;
import org.diffumatting.train.TrainRequest;
import org.diffumatting.train.Trainer;
import org.diffumatting.train.Training;
import org.diffumatting.train.config.TrainConfig;

/**
 * Part (c) of {@code dm eval model}: for each training config (UNet stage; e.g. models/configs/ablation-*.json, which
 * differ only in lambda_green and lambda_tb), train through {@link Training#run} and score the resulting model folder
 * with {@link GeneratedSampleQuality} on the same prompts, seeds and sampler as part (b).
 * The UNet stage exports unet/, vae/, matting_head/ and scheduler/; the MiniLM text_encoder/config.json it was
 * trained with ({@code text_max_length}) is added when absent so the folder loads for generation.
 */
public final class AblationStudy {
    /** One trained variant and its scores. */
    public record Row(String name, Path config, double lambdaGreen, double lambdaTb, int maxSteps, long seed, double finalLoss,
                      Path modelDir, GeneratedSampleQuality.Result quality) {}

    private AblationStudy() {}

    /** Reads every config before anything is trained, so a bad file fails at once (one line naming it). */
    public static List<TrainConfig> check(List<Path> configs) {
        List<TrainConfig> out = new ArrayList<>();
        for (Path p : configs) {
            TrainConfig c = TrainConfig.read(p);
            if (c.unetPath() == null) c.require(c.unetConfig(), "unet_config (or unet_path)", "unet");
            c.require(c.vaePath(), "vae_path", "unet");
            out.add(c);
        }
        return out;
    }

    public static List<Row> run(List<Path> configs, Map<String, List<String>> lists, GenerateRequest base, Device device,
                                Path outDir, PrintStream progress) {
        List<TrainConfig> cfgs = check(configs);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            Path file = configs.get(i);
            TrainConfig c = cfgs.get(i);
            String name = stem(file);
            progress.println("[eval c] training " + name + " (lambda_green " + c.lambdaGreen() + ", lambda_tb " + c.lambdaTb()
                    + ", " + c.maxSteps() + " steps, seed " + c.seed() + ")");
            Trainer.Result r = Training.run(new TrainRequest("unet", file, false, null), progress);
            if (r.interrupted() || r.modelDir() == null) throw new DmException("ablation " + file + ": training was interrupted before max_steps");
            Path model = r.modelDir();
            Path text = model.resolve("text_encoder");
            if (!Files.isRegularFile(text.resolve("config.json"))) TextEncoderFolder.writeMiniLmConfig(text, c.textMaxLength());
            GreenCanvasPipeline pipe = new GreenCanvasPipeline(PipelineModel.forGeneration(model, device));
            GeneratedSampleQuality.Result q = GeneratedSampleQuality.run(pipe, lists, base,
                    outDir.resolve("ablation-" + name + "-contact-sheet.png"), progress);
            double loss = r.losses().isEmpty() ? Double.NaN : r.losses().get(r.losses().size() - 1);
            rows.add(new Row(name, file, c.lambdaGreen(), c.lambdaTb(), c.maxSteps(), c.seed(), loss, model, q));
            GeneratedSampleQuality.ListScores o = q.lists().get(GeneratedSampleQuality.OVERALL);
            progress.printf(java.util.Locale.ROOT, "[eval c] %s: lambda_green %.2f, lambda_tb %.2f, final loss %.4f, green purity %.2f%%, consistency %.4f, valid %.1f%%%n",
                    name, c.lambdaGreen(), c.lambdaTb(), loss, 100 * o.purityShare(), o.consistency(), 100 * o.validRate());
        }
        return rows;
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
