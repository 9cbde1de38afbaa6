package org.diffumatting.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the dm CLI for tests: a fresh command tree built as {@link Main#main} builds it (only the
 * named sub-command's branch), with stdout and stderr captured.
 *
 * @param code the exit code of {@link CommandLine#execute}
 * @param out everything the command printed to its out writer
 * @param err everything the command printed to its err writer
 */
public record CliRun(int code, String out, String err) {
    /** Runs {@code dm args...} and returns its exit code and captured output. */
    public static CliRun run(String... args) {
        CommandLine cl = Main.commandLine(args.length > 0 ? args[0] : null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
