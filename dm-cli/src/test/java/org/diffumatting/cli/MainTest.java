package org.diffumatting.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void aNamedSubCommandGetsOnlyItsBranchOtherwiseTheWholeTree() {
        Set<String> all = Main.commandLine().getSubcommands().keySet();
        assertTrue(all.containsAll(Set.of("data", "generate", "matte", "train", "eval", "evaluate", "bench", "model")), all.toString());
        assertEquals(Set.of("generate"), Main.commandLine("generate").getSubcommands().keySet());
        assertEquals(all, Main.commandLine("no-such-command").getSubcommands().keySet());
        assertEquals(all, Main.commandLine("--help").getSubcommands().keySet());
        assertTrue(Main.commandLine("bench").getSubcommands().get("bench").getSubcommands().containsKey("generate"),
                "a branch keeps its own sub-commands");
    }

    @Test
    void topLevelHelpAndUnknownCommandsStillListEverything() {
        CliRun help = CliRun.run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("generate") && help.out().contains("evaluate"), help.out());
        CliRun unknown = CliRun.run("genrate", "x");
        assertEquals(Main.EXIT_BAD_INPUT, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("genrate"), unknown.err());
    }

    @Test
    void theCommandRunsOnlyAfterTheNativePreloadEndedButHelpDoesNotWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread preload = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        preload.setDaemon(true);
        preload.start();
        CommandLine help = Main.commandLine("scheduler", preload);
        help.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, help.execute("scheduler", "--help"));
        assertTrue(preload.isAlive(), "a help request does not wait for the natives");

        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        });
        releaser.start();
        CommandLine cl = Main.commandLine("scheduler", preload);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("scheduler", "--name", "ddim", "--steps", "2"));
        assertFalse(preload.isAlive(), "the command started only after the preload thread ended");
        releaser.join();
    }
}
