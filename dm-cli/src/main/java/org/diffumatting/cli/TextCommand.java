package org.diffumatting.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dm text}: prompt tokenization and text encoders. */
@Command(name = "text", mixinStandardHelpOptions = true,
        description = {"Text encoders that condition the UNet: the embedded MiniLM sentence encoder and CLIP (SD 1.5)."},
        subcommands = {TextEncodeCommand.class})
public final class TextCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
