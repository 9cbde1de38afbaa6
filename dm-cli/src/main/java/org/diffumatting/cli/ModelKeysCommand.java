package org.diffumatting.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.diffumatting.models.registry.ModelKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dm model keys}: parameter names and shapes of a model, from its config alone. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Prints every parameter (and buffer) name of a model with its shape, one per line:"
                + " NAME<TAB>d0,d1,... in the model's state-dict order. No weights are read: the model is built from its"
                + " config on the meta device (instant even for the SD 1.5 UNet).",
                "CONFIG_OR_DIR may be a config.json, a component folder holding config.json (unet/, vae/), or a pipeline"
                        + " folder holding model_index.json; a pipeline folder lists each model component in model_index.json"
                        + " order, each preceded by a '# component (Class): N tensors, P parameters' line, and names the"
                        + " components it skips (tokenizer, scheduler, unknown classes) on stderr."})
public final class ModelKeysCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG_OR_DIR", description = "config.json, component folder or pipeline folder.")
    Path path;

    @Option(names = "--headers", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print the '# component' line before each component of a pipeline folder (default: true;"
                    + " --no-headers prints only NAME<TAB>SHAPE lines).")
    boolean headers;

    @Override
    public Integer call() {
        ModelKeys.Result r = ModelKeys.of(path);
        boolean folder = r.listings().size() > 1 || !r.skipped().isEmpty();
        PrintWriter out = spec.commandLine().getOut();
        ModelKeys.print(r, out, headers && folder);
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        for (ModelKeys.Skipped s : r.skipped()) err.println("dm model keys: skipped " + s.component() + ": " + s.reason());
        err.flush();
        return 0;
    }
}
