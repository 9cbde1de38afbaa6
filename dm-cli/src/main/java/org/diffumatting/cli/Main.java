package org.diffumatting.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.diffumatting.common.DmException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code dm} command. Sub-commands are registered in {@link #commandLine()};
 * each maps its flags to a request and makes one library call.
 */
@Command(name = "dm", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "DiffuMatting for Java: objects on a green canvas with matting-level alpha, and the matting toolkit.",
        subcommandsRepeatable = false)
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command tree (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // --- sub-commands: one line each ---
        cl.addSubcommand(new DataCommand());
        cl.addSubcommand(new org.diffumatting.cli.matting.TrimapCommand());
        cl.addSubcommand(new org.diffumatting.cli.matting.KeyCommand());
        cl.addSubcommand(new org.diffumatting.cli.matting.ForegroundCommand());
        cl.addSubcommand(new org.diffumatting.cli.matting.CompositeCommand());
        cl.addSubcommand(new EvaluateCommand());
        cl.addSubcommand(new BenchCommand());
        cl.addSubcommand(new SchedulerCommand());
        cl.addSubcommand(new ModelCommand());
        cl.addSubcommand(new TextCommand());
        cl.addSubcommand(new TrainCommand());
        cl.addSubcommand(new GenerateCommand());
        cl.addSubcommand(new MatteCommand());
        cl.addSubcommand(new EvalCommand());
        // --- end of sub-commands ---
        cl.setExecutionExceptionHandler(Main::handleExecutionException);
        cl.setParameterExceptionHandler(Main::handleParameterException);
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.exit(code);
    }

    /** Exit code for bad input (unreadable file, bad key, bad value). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for an unexpected internal failure. */
    public static final int EXIT_FAILURE = 1;

    private static int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        Throwable t = e;
        if (t instanceof DmException || t instanceof UncheckedIOException || t instanceof IOException
                || t instanceof IllegalArgumentException) {
            err.println(cl.getCommandSpec().qualifiedName() + ": error: " + oneLine(t.getMessage()));
            err.flush();
            return EXIT_BAD_INPUT;
        }
        err.println(cl.getCommandSpec().qualifiedName() + ": internal error: " + t);
        if (System.getenv("DM_DEBUG") != null) t.printStackTrace(err);
        err.flush();
        return EXIT_FAILURE;
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": error: " + oneLine(e.getMessage())
                + " (see: " + cl.getCommandSpec().qualifiedName() + " --help)");
        cl.getErr().flush();
        return EXIT_BAD_INPUT;
    }

    static String oneLine(String s) {
        if (s == null) return "(no message)";
        return s.replace('\n', ' ').replace('\r', ' ').trim();
    }

    /** Reads the version written into the jar at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {"dm " + p.getProperty("version", "unknown")};
        }
    }
}
