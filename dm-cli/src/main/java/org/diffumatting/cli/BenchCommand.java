package org.diffumatting.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dm bench}: speed measurements that print figures (never part of the unit tests). Each benchmark is a
 * sub-command; add one to {@code subcommands} below.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks that print measured figures (times, speed-ups); see the sub-commands."},
        subcommands = {BenchMetricsCommand.class, BenchUnetCommand.class, BenchTensorCommand.class,
                org.diffumatting.cli.matting.BenchMattingCommand.class, BenchTextCommand.class, BenchGenerateCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
