package org.diffumatting.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `dm train` input errors: exit code 2 and one line naming the key or file. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    private String[] run(String... args) {
        CliRun r = CliRun.run(args);
        return new String[] {Integer.toString(r.code()), r.err().trim()};
    }

    private String failing(String stage, String json) throws Exception {
        Path f = tmp.resolve("cfg.json");
        Files.writeString(f, json);
        String[] r = run("train", stage, "--config", f.toString());
        assertEquals("2", r[0], r[1]);
        assertEquals(1, r[1].lines().count(), r[1]);
        return r[1];
    }

    @Test
    void badConfigsAreOneLineErrorsNamingTheKeyOrFile() throws Exception {
        assertTrue(failing("vae", "{\"data_dir\":\"d\",\"output_dir\":\"o\",\"bogus\":1}").contains("unknown key 'bogus'"));
        assertTrue(failing("vae", "{\"data_dir\":\"d\",\"output_dir\":\"o\",\"batch_size\":-1}").contains("'batch_size'"));
        assertTrue(failing("vae", "{\"data_dir\":\"missing-data\",\"output_dir\":\"o\"}").contains("missing-data"));
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("manifest.jsonl"), "{\"id\":\"a\",\"caption\":\"an apple\",\"split\":\"train\",\"source\":\"noto\"}\n");
        String m = failing("unet", "{\"data_dir\":\"data\",\"output_dir\":\"run\",\"sources\":[\"noto\",\"twemoji\"]}");
        assertTrue(m.contains("no samples of source 'twemoji'") && m.contains("key 'sources'"), m);
        assertTrue(!Files.exists(tmp.resolve("run")), "no output folder for a refused config");
        m = failing("unet", "{\"data_dir\":\"data\",\"output_dir\":\"run\",\"exclude_captions\":[\"apple\"]}");
        assertTrue(m.contains("key 'exclude_captions' leaves none of the 1 samples of split 'train'"), m);
        m = failing("unet", "{\"data_dir\":\"data\",\"output_dir\":\"run\",\"exclude_captions\":[\"[apple\"]}");
        assertTrue(m.contains("key 'exclude_captions': '[apple' is not a regular expression"), m);
        assertTrue(!Files.exists(tmp.resolve("run")), "no output folder for a refused config");
        String[] r = run("train", "unet", "--config", tmp.resolve("none.json").toString());
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("none.json"), r[1]);
        assertTrue(r[1].startsWith("dm train unet: error:"), r[1]);
    }
}
