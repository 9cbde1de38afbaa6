package org.diffumatting.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dm eval}: evaluations of trained models; see the sub-commands. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a trained DiffuMatting model (sub-commands: model, matte-code). Standard matting metrics of alpha files"
                + " against ground truth are `dm evaluate`."},
        subcommands = {EvalModelCommand.class, EvalMatteCodeCommand.class})
public final class EvalCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
