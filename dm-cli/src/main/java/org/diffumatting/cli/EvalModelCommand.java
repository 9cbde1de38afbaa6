package org.diffumatting.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.diffumatting.evaluation.ModelEvalReport;
import org.diffumatting.evaluation.ModelEvalRequest;
import org.diffumatting.evaluation.ModelEvalRequest.Part;
import org.diffumatting.evaluation.ModelEvaluation;
import org.diffumatting.pipelines.GenerateRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dm eval model}: matting head vs chroma key, generated-sample quality, optional loss ablation. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Evaluate a DiffuMatting model folder and print a Markdown report; also writes eval-model.json,"
                + " eval-model.md and contact-sheet.png to --out (atomically).",
                "(a) Test split of --data: VAE round trip + matting head vs the chroma key (default parameters) on the real"
                        + " green image, and the chroma key on the VAE reconstruction; SAD/MSE/MAD/Grad/Conn in the DIM convention"
                        + " (trimap from the ground truth, --trimap-band) and the WHOLE convention; head MSE / key MSE (target <= 0.5).",
                "(b) One image per prompt for 100 unseen prompts (built in) and 100 seen prompts (training captions), image i at"
                        + " seed --seed + i: green purity (linear RGB), alpha self-consistency, valid-object rate; contact sheet.",
                "(c) With --ablation: trains each UNet-stage config (dm-train) and scores (b) for each; this takes long.",
                "--parts picks the parts, e.g. --parts a to score a head alone, --parts c to rerun only the ablation.",
                "Progress goes to stderr."})
public final class EvalModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model folder with unet/, vae/, matting_head/, text_encoder/, scheduler/ (default: models/default).")
    Path model;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Green-screen data set (image/, alpha/, manifest.jsonl with 'train' and 'test' splits), e.g. data/greenset-128.")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/eval-model", description = "Report folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "At most N test samples in (a) and N prompts per list in (b) and (c); 0 = all (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of image 0 of each prompt list; image i uses S + i (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steps", paramLabel = "N", defaultValue = GenerateRequest.DEFAULT_STEPS_TEXT, description = "Denoising steps in (b) and (c) (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--guidance", paramLabel = "W", defaultValue = "5.0", description = "Classifier-free guidance scale in (b) and (c) (default: ${DEFAULT-VALUE}).")
    double guidance;

    @Option(names = "--scheduler", paramLabel = "NAME", defaultValue = "dpm++2m",
            description = "Sampler in (b) and (c): ddim, euler, euler-a, dpm++2m, dpm++2m-karras, ... (default: ${DEFAULT-VALUE}).")
    String scheduler;

    @Option(names = "--trimap-band", paramLabel = "PX", defaultValue = "" + ModelEvalRequest.DEFAULT_TRIMAP_BAND,
            description = "Radius of the unknown band of the DIM trimaps made from the ground truth (default: ${DEFAULT-VALUE}).")
    int trimapBand;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "4", description = "Images per UNet batch; results do not depend on it (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--ablation", paramLabel = "CONFIG", arity = "1..*",
            description = "UNet-stage training configs to train and score, e.g. models/configs/ablation-*.json.")
    List<Path> ablation;

    @Option(names = "--parts", paramLabel = "LIST", split = ",",
            description = "Parts to run, e.g. a (the head only: the model folder needs vae/ and matting_head/ only) or b,c"
                    + " (default: a,b, plus c with --ablation).")
    List<String> parts;

    @Option(names = "--device", paramLabel = "DEV", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "libtorch threads; 0 keeps the default (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() {
        ModelEvalRequest req = new ModelEvalRequest(model, data, out, limit, seed, steps, guidance, scheduler, trimapBand, batchSize,
                ablation, device, threads, parts == null ? null : partSet(parts));
        ModelEvalReport report = ModelEvaluation.run(req, System.err);
        spec.commandLine().getOut().print(report.toMarkdown());
        spec.commandLine().getOut().println("\nReport written to " + out.resolve("eval-model.md") + " and " + out.resolve("eval-model.json"));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static Set<Part> partSet(List<String> letters) {
        Set<Part> set = EnumSet.noneOf(Part.class);
        for (String l : letters) set.add(Part.parse(l));
        return set;
    }
}
