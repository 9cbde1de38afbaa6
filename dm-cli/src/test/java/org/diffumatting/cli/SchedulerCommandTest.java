package org.diffumatting.cli;

import static org.diffumatting.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code dm scheduler} prints timesteps/sigmas, writes configs, and reports bad input with exit 2. */
class SchedulerCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsStableDiffusionDpmKarrasScheduleAndWritesConfig() throws Exception {
        Path base = dir.resolve("scheduler_config.json");
        Files.writeString(base, "{\"_class_name\":\"PNDMScheduler\",\"beta_end\":0.012,\"beta_schedule\":\"scaled_linear\","
                + "\"beta_start\":0.00085,\"num_train_timesteps\":1000,\"steps_offset\":1,\"skip_prk_steps\":true}");
        Path written = dir.resolve("out/scheduler_config.json");
        CliRun r = run("scheduler", "--config", base.toString(), "--name", "dpm++2m-karras", "--steps", "10",
                "--write-config", written.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("DPMSolverMultistepScheduler"), r.out());
        assertTrue(r.out().contains("999 916 815 687 523 327 146 41 7 0"), r.out());
        assertTrue(Files.readString(written).contains("\"use_karras_sigmas\" : true"));
    }

    @Test
    void badInputExitsTwoWithOneLine() {
        CliRun unknown = run("scheduler", "--name", "lms");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("dm scheduler: error: scheduler 'lms' is unknown"), unknown.err());
        CliRun missing = run("scheduler", "--config", dir.resolve("none.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("none.json"), missing.err());
        CliRun steps = run("scheduler", "--name", "ddim", "--steps", "5000");
        assertEquals(2, steps.code());
        assertFalse(steps.err().contains("\tat "), steps.err());
    }
}
