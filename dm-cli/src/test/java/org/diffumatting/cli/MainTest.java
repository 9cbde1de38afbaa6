package org.diffumatting.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

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
}
