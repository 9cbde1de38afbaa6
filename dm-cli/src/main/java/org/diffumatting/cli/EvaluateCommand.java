package org.diffumatting.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.diffumatting.matting.metrics.EvaluationReport;
import org.diffumatting.matting.metrics.EvaluationRequest;
import org.diffumatting.matting.metrics.MattingEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dm evaluate}: SAD, MSE, MAD, Grad and Conn of a directory of predicted alphas (docs/METRICS.md). */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Matting metrics (SAD, MSE, MAD, Grad, Conn) of predicted alphas against ground truth, in double precision.",
                "Files are matched by stem (STEM.png/.jpg/.jpeg); the ground-truth directory defines the set. A missing file, a"
                        + " prediction without ground truth or a size mismatch is an error (exit 2, nothing written).",
                "--convention dim: Composition-1k/DIM MATLAB code, only trimap==128 pixels: SAD/1000, MSE and MAD per unknown pixel,"
                        + " Grad (mat2gray, gaussgradient sigma 1.4)/1000, Conn/1000. Needs --trimap.",
                "--convention whole: GFM/P3M whole image: SAD/1000, MSE and MAD per pixel, Grad (Gaussian derivative sigma 1.4)/10,"
                        + " Conn/1000. With --trimap: the P3M trimap variant (prediction forced to 0/1 where the trimap is known;"
                        + " SAD/1000 over the image, MSE and MAD per unknown pixel; Grad, Conn whole image).",
                "Prints one row per image and the means (over the images where a value is defined; MSE/MAD are n/a when a"
                        + " trimap has no unknown pixel)."})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--pred", required = true, paramLabel = "DIR",
            description = "Directory of predicted alpha mattes (gray PNG 8/16-bit or JPEG, or the alpha channel of an RGBA PNG).")
    Path pred;

    @Option(names = "--gt", required = true, paramLabel = "DIR", description = "Directory of ground-truth alpha mattes, same stems.")
    Path gt;

    @Option(names = "--trimap", paramLabel = "DIR",
            description = "Directory of trimaps (0 background, 128 unknown, 255 foreground), same stems. Required for dim;"
                    + " with whole it selects the trimap variant.")
    Path trimap;

    @Option(names = "--convention", required = true, paramLabel = "dim|whole",
            description = "dim (Composition-1k/DIM, unknown region) or whole (GFM/P3M, whole image).")
    String convention;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write {\"convention\", \"images\": [{\"name\", \"sad\", \"mse\", \"mad\", \"grad\", \"conn\"}], \"mean\"}"
                    + " to FILE (atomically; undefined values are null).")
    Path json;

    @Override
    public Integer call() {
        EvaluationReport report = MattingEvaluation.run(new EvaluationRequest(pred, gt, trimap,
                MattingEvaluation.resolveConvention(convention, trimap != null), json));
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.table());
        if (json != null) out.println("wrote " + json);
        out.flush();
        return 0;
    }
}
