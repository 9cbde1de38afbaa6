package org.diffumatting.evaluation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.diffumatting.evaluation.ModelEvalRequest.Part;
import org.diffumatting.pipelines.GenerateRequest;
import org.diffumatting.pipelines.GreenCanvasPipeline;
import org.diffumatting.pipelines.MattePipeline;
import org.diffumatting.pipelines.PipelineModel;
import org.diffumatting.tensor.DType;
import org.diffumatting.tensor.Devices;
import org.diffumatting.train.data.GreenDataset;

/**
 * The library call behind {@code dm eval model}:
 * <ol>
 *   <li>check inputs: flags, the data set (manifest, a test split, a training split with captions), the model folder
 *       (the files the requested parts need), the ablation configs; nothing is computed before all pass;</li>
 *   <li>(a) {@link HeadVsChromaKey} on the test split;</li>
 *   <li>(b) {@link GeneratedSampleQuality} on the unseen and seen prompt lists ({@link PromptLists}), contact sheet;</li>
 *   <li>(c) {@link AblationStudy} when configs are given;</li>
 *   <li>each part only when {@link ModelEvalRequest#parts()} holds it (default: a and b, plus c with configs);</li>
 *   <li>write eval-model.json and eval-model.md (atomically) and return the report.</li>
 * </ol>
 */
public final class ModelEvaluation {
    public static final String UNSEEN = "unseen";
    public static final String SEEN = "seen";
    public static final String CONTACT_SHEET = "contact-sheet.png";

    private ModelEvaluation() {}

    public static ModelEvalReport run(ModelEvalRequest req, PrintStream progress) {
        // 1. inputs
        req.validate();
        boolean partA = req.runs(Part.HEAD), partB = req.runs(Part.GENERATED), partC = req.runs(Part.ABLATION);
        GreenDataset test = partA ? GreenDataset.open(req.data(), "test", 0) : null;
        // the prompt lists of parts b and c: seen prompts come from the training captions
        GreenDataset train = partB || partC ? GreenDataset.open(req.data(), "train", 0) : null;
        Path folder = PipelineModel.resolve(req.model());
        if (partA) PipelineModel.checkFiles(folder, false); // vae + matting_head
        if (partB) PipelineModel.checkFiles(folder, true);  // unet, text encoder, scheduler
        AblationStudy.check(req.ablation());
        if (req.threads() > 0) Devices.setThreads(req.threads());
        Device device = Devices.parse(req.device());
        int perList = req.limit() > 0 ? Math.min(req.limit(), PromptLists.COUNT) : PromptLists.COUNT;
        Map<String, List<String>> lists = new LinkedHashMap<>();
        List<String> leaks = List.of();
        if (train != null) {
            List<String> unseen = PromptLists.unseen();
            lists.put(UNSEEN, unseen.subList(0, Math.min(perList, unseen.size())));
            lists.put(SEEN, PromptLists.seen(train, perList));
            leaks = PromptLists.unseenWordsInCaptions(lists.get(UNSEEN), PromptLists.distinctCaptions(train));
        }
        PipelineModel model = partB ? PipelineModel.forGeneration(folder, device)
                : partA ? PipelineModel.forMatting(folder, device) : null;

        // 2. (a) head vs chroma key
        HeadVsChromaKey.Result a = null;
        if (partA) {
            progress.println("[eval a] " + Math.min(test.size(), req.limit() > 0 ? req.limit() : test.size()) + " test samples of " + req.data());
            a = HeadVsChromaKey.run(new MattePipeline(model), test, req.limit(), req.trimapBand(), device, progress);
        }

        // 3. (b) generated samples
        GenerateRequest base = new GenerateRequest(folder, List.of("unused"), "", 1, req.seed(), req.steps(), req.scheduler(),
                req.guidance(), 0, 0, req.batchSize(), req.device(), DType.F32, 0);
        Path sheet = partB ? req.out().resolve(CONTACT_SHEET) : null;
        GeneratedSampleQuality.Result b = partB ? GeneratedSampleQuality.run(new GreenCanvasPipeline(model), lists, base, sheet, progress) : null;

        // 4. (c) ablation
        List<AblationStudy.Row> c = partC ? AblationStudy.run(req.ablation(), lists, base, device, req.out(), progress) : List.of();

        // 5. report
        ModelEvalReport report = new ModelEvalReport(folder.toAbsolutePath().normalize(), req.data().toAbsolutePath().normalize(), a, b, c, leaks, sheet);
        report.write(req.out());
        return report;
    }
}
