package org.diffumatting.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dm model}: inspect model configs and folders (diffusers layout). */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Inspect models: diffusers/transformers config.json files and model folders (model_index.json layout)."},
        subcommands = {ModelKeysCommand.class, ModelSingleFileCommand.class, ModelConvertCommand.class})
public final class ModelCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
