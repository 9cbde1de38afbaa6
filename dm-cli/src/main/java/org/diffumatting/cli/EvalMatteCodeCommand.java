package org.diffumatting.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.diffumatting.evaluation.MatteCodeBound;
import org.diffumatting.evaluation.ModelEvalRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dm eval matte-code}: how much of the test split's mattes codes with a few numbers per cell keep. */
@Command(name = "matte-code", mixinStandardHelpOptions = true,
        description = {"How much of a matte a code with a few numbers per cell keeps, from the ground truth alone: a yardstick"
                + " for a VAE's latent shape (--cell = its downsampling factor, --components = latent channels) against the"
                + " target of dm eval model part (a), half the chroma key's MSE on the real image.",
                "pca-k: each cell of the alpha coded by its first k principal components (fitted on --fit-samples train mattes),"
                        + " the best linear code with k numbers per cell; area-s: the mean over s x s cells, enlarged bilinearly.",
                "Prints a Markdown table of DIM and whole-image MSE on the test split, each also over the target. A learned"
                        + " autoencoder is nonlinear and can beat pca-k, but it also has to carry the colours."})
public final class EvalMatteCodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Green-screen data set (image/, alpha/, manifest.jsonl with 'train' and 'test' splits), e.g. data/greenset-128.")
    Path data;

    @Option(names = "--cell", paramLabel = "C", defaultValue = "8", description = "Side of a PCA cell in pixels (default: ${DEFAULT-VALUE}).")
    int cell;

    @Option(names = "--components", paramLabel = "K", split = ",", defaultValue = "4,8,16",
            description = "Numbers per cell of the PCA codes to score (default: ${DEFAULT-VALUE}).")
    List<Integer> components;

    @Option(names = "--area-cells", paramLabel = "S", split = ",", defaultValue = "4,2",
            description = "Cell sides of the area-mean codes to score (default: ${DEFAULT-VALUE}).")
    List<Integer> areaCells;

    @Option(names = "--fit-samples", paramLabel = "N", defaultValue = "1500",
            description = "Train mattes whose cells fit the PCA, spread over the split (default: ${DEFAULT-VALUE}).")
    int fitSamples;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "At most N test samples; 0 = all (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--trimap-band", paramLabel = "PX", defaultValue = "" + ModelEvalRequest.DEFAULT_TRIMAP_BAND,
            description = "Radius of the unknown band of the DIM trimaps made from the ground truth (default: ${DEFAULT-VALUE}).")
    int trimapBand;

    @Override
    public Integer call() {
        MatteCodeBound.Result r = MatteCodeBound.run(
                new MatteCodeBound.Request(data, cell, components, areaCells, fitSamples, limit, trimapBand), System.err);
        PrintWriter out = spec.commandLine().getOut();
        out.print(r.markdown());
        out.flush();
        return 0;
    }
}
