package org.diffumatting.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
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

    /** The top-level sub-commands, one line each. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            DataCommand.class,
            org.diffumatting.cli.matting.TrimapCommand.class,
            org.diffumatting.cli.matting.KeyCommand.class,
            org.diffumatting.cli.matting.ForegroundCommand.class,
            org.diffumatting.cli.matting.CompositeCommand.class,
            EvaluateCommand.class,
            BenchCommand.class,
            SchedulerCommand.class,
            ModelCommand.class,
            TextCommand.class,
            TrainCommand.class,
            GenerateCommand.class,
            MatteCommand.class,
            EvalCommand.class);

    /** Builds the whole command tree (also used by tests). */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command tree for a call whose first argument is {@code first}: only that sub-command's branch when it
     * names one (picocli builds every command's model by reflection: the whole tree costs about 0.4 s of start-up),
     * else the whole tree (top-level help, unknown-command errors).
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new Main());
        List<Class<?>> named = SUBCOMMANDS.stream().filter(c -> names(c).contains(first)).toList();
        for (Class<?> c : named.isEmpty() ? SUBCOMMANDS : named) cl.addSubcommand(instantiate(c));
        cl.setExecutionExceptionHandler(Main::handleExecutionException);
        cl.setParameterExceptionHandler(Main::handleParameterException);
        return cl;
    }

    private static List<String> names(Class<?> c) {
        Command cmd = c.getAnnotation(Command.class);
        List<String> names = new ArrayList<>(List.of(cmd.aliases()));
        names.add(cmd.name());
        return names;
    }

    private static Object instantiate(Class<?> c) {
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the command " + c.getName(), e);
        }
    }

    /** Sub-commands that use libtorch: its native libraries start loading before the command line is parsed. */
    private static final Set<String> TORCH_COMMANDS = Set.of("generate", "matte", "train", "eval", "bench", "model", "text");

    public static void main(String[] args) {
        Thread preload = args.length > 0 && TORCH_COMMANDS.contains(args[0]) ? preloadTorch() : null;
        System.exit(commandLine(args.length > 0 ? args[0] : null, preload).execute(args));
    }

    /**
     * {@link #commandLine(String)} whose command (not a help request) runs only once {@code preload} has ended: with
     * JavaCPP's Loader lock and the class initialisation of its Pointer taken by two threads in opposite order,
     * {@code dm generate} deadlocked (seen under load).
     */
    static CommandLine commandLine(String first, Thread preload) {
        CommandLine cl = commandLine(first);
        if (preload != null) {
            cl.setExecutionStrategy(parsed -> {
                Integer help = CommandLine.executeHelpRequest(parsed);
                if (help != null) return help;
                joinQuietly(preload);
                return new CommandLine.RunLast().execute(parsed);
            });
        }
        return cl;
    }

    /**
     * Loads libtorch's native libraries (1-2 s, most of {@code dm generate}'s start-up) on a daemon thread while the
     * main thread builds the command tree and checks the arguments; the command itself starts after it (no other
     * thread touches JavaCPP meanwhile). A failure is ignored here: the command's first torch call reports it.
     */
    private static Thread preloadTorch() {
        Thread t = new Thread(() -> {
            try {
                Class.forName("org.bytedeco.pytorch.global.torch");
            } catch (Throwable ignored) {
                // reported by the command's first torch call
            }
        }, "dm-torch-preload");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
