package org.diffumatting.schedulers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.diffumatting.common.DmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerPreviewTest {

    @Test
    void previewsAStableDiffusionSchedulerAndWritesItsConfig(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("scheduler_config.json");
        Files.writeString(base, SchedulerConfigTest.SD15);
        Path out = dir.resolve("out/scheduler_config.json");
        SchedulerPreview p = SchedulerPreview.of(new SchedulerPreview.Request("dpm++2m-karras", base, 10, out));
        assertEquals("DPMSolverMultistepScheduler", p.config().className());
        assertArrayEquals(new double[] {999, 916, 815, 687, 523, 327, 146, 41, 7, 0}, p.timesteps(), 0.0);
        assertEquals(11, p.sigmas().length);
        assertEquals(14.6146, p.sigmas()[0], 1e-4);
        assertEquals(p.config(), SchedulerConfig.read(out));
        String text = p.toText();
        assertTrue(text.contains("timesteps          999 916 815"), text);
        assertTrue(text.contains("use_karras_sigmas  true"), text);

        SchedulerPreview ddim = SchedulerPreview.of(new SchedulerPreview.Request("ddim", base, 4, null));
        assertArrayEquals(new double[] {751, 501, 251, 1}, ddim.timesteps(), 0.0);
        assertEquals(0, ddim.sigmas().length);
    }

    @Test
    void badRequestsNameTheProblem() {
        DmException steps = assertThrows(DmException.class,
                () -> SchedulerPreview.of(new SchedulerPreview.Request("euler", null, 0, null)));
        assertTrue(steps.getMessage().contains("steps"), steps.getMessage());
        assertThrows(DmException.class, () -> SchedulerPreview.of(new SchedulerPreview.Request(null, null, 10, null)));
    }
}
