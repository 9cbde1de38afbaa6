package org.diffumatting.cli;

import static org.diffumatting.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** End to end: {@code dm model keys} on the committed SD 1.5 configs (no weights needed). */
class ModelKeysCommandTest {
    private static final Path SD15 = Path.of("../dm-models/src/test/resources/sd15");

    @Test
    void configFileListsEveryNameWithItsShape() throws Exception {
        CliRun r = run("model", "keys", SD15.resolve("vae/config.json").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readString(SD15.resolve("sd15-vae.keys.tsv")), r.out());
    }

    @Test
    void pipelineFolderListsComponentsWithHeaders() {
        CliRun r = run("model", "keys", SD15.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("# unet (UNet2DConditionModel): 686 tensors, 859520964 parameters\n"), r.out().substring(0, 200));
        assertTrue(r.out().contains("# vae (AutoencoderKL): 248 tensors, 83653863 parameters\n"));
        assertTrue(r.err().contains("skipped scheduler"), r.err());
        CliRun bare = run("model", "keys", "--no-headers", SD15.toString());
        assertTrue(!bare.out().contains("#"));
    }

    @Test
    void missingPathExitsTwo() {
        CliRun r = run("model", "keys", "/no/such/config.json");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("/no/such/config.json"), r.err());
    }
}
