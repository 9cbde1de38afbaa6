package org.diffumatting.schedulers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.diffumatting.common.DmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scheduler_config.json reading/writing, per-class defaults, the factory and its error messages. */
class SchedulerConfigTest {
    /** Stable Diffusion 1.5's scheduler/scheduler_config.json (a PNDMScheduler config). */
    static final String SD15 = """
            {
              "_class_name": "PNDMScheduler",
              "_diffusers_version": "0.6.0",
              "beta_end": 0.012,
              "beta_schedule": "scaled_linear",
              "beta_start": 0.00085,
              "num_train_timesteps": 1000,
              "set_alpha_to_one": false,
              "skip_prk_steps": true,
              "steps_offset": 1,
              "trained_betas": null,
              "clip_sample": false
            }
            """;

    @Test
    void pndmConfigIsReadButItsClassIsRejectedNamingTheKey() {
        SchedulerConfig c = SchedulerConfig.parse(SD15, "sd15");
        assertEquals("PNDMScheduler", c.className());
        assertEquals(1, c.intValue("steps_offset", 0));
        DmException e = assertThrows(DmException.class, () -> Schedulers.fromConfig(c));
        assertTrue(e.getMessage().contains("'_class_name'") && e.getMessage().contains("PNDMScheduler"), e.getMessage());
    }

    @Test
    void shortNamesTakeSharedKeysFromAnotherClassConfigLikeFromConfig() {
        SchedulerConfig sd = SchedulerConfig.parse(SD15, "sd15");
        Scheduler euler = Schedulers.create("euler", sd);
        assertInstanceOf(EulerDiscreteScheduler.class, euler);
        SchedulerConfig resolved = euler.config();
        assertEquals("EulerDiscreteScheduler", resolved.className());
        assertEquals("scaled_linear", resolved.stringValue("beta_schedule", null));
        assertEquals("linspace", resolved.stringValue("timestep_spacing", null)); // Euler's default, not DDIM's
        assertEquals(1, resolved.intValue("steps_offset", 0));
        assertFalse(resolved.has("skip_prk_steps"), "keys of other classes are dropped");
        assertTrue(resolved.has("_diffusers_version"));
        assertEquals(0.00085, euler.noiseSchedule().betas()[0], 1e-9);

        Scheduler ddim = Schedulers.create("ddim", sd);
        assertEquals("leading", ddim.config().stringValue("timestep_spacing", null));
        assertFalse(ddim.config().boolValue("set_alpha_to_one", true));
        ddim.setTimesteps(10);
        assertEquals(901.0, ddim.timesteps()[0]);

        Scheduler karras = Schedulers.create("dpm++2m-karras", sd);
        assertTrue(karras.config().boolValue("use_karras_sigmas", false));
        Scheduler plain = Schedulers.create("dpm++2m", karras.config());
        assertFalse(plain.config().boolValue("use_karras_sigmas", true));
        assertInstanceOf(EulerAncestralDiscreteScheduler.class, Schedulers.create("euler-a", null));
        assertInstanceOf(DdpmScheduler.class, Schedulers.create("ddpm", null));
        assertInstanceOf(DdimScheduler.class, Schedulers.create("DDIMScheduler", sd));
        assertEquals(java.util.List.of("ddpm", "ddim", "euler", "euler-a", "dpm++2m", "dpm++2m-karras", "dpm++2m-sde",
                "dpm++2m-sde-karras"),
                Schedulers.shortNames());
    }

    @Test
    void unknownNameListsTheValidOnes() {
        DmException e = assertThrows(DmException.class, () -> Schedulers.create("lms", null));
        assertTrue(e.getMessage().contains("'lms'") && e.getMessage().contains("dpm++2m-karras"), e.getMessage());
        DmException missing = assertThrows(DmException.class, () -> Schedulers.fromConfig(SchedulerConfig.of(null)));
        assertTrue(missing.getMessage().contains("'_class_name'"), missing.getMessage());
    }

    @Test
    void writeThenReadRoundTripsIncludingInfinityAndUnknownKeys(@TempDir Path dir) throws Exception {
        Scheduler dpm = Schedulers.create("dpm++2m-karras", SchedulerConfig.parse(SD15, "sd15"));
        dpm.config().write(dir);
        String text = Files.readString(dir.resolve(SchedulerConfig.FILE_NAME));
        assertTrue(text.startsWith("{\n  \"_class_name\" : \"DPMSolverMultistepScheduler\""), text);
        assertTrue(text.contains("\"lambda_min_clipped\" : -Infinity"), text); // as Python's json writes it
        SchedulerConfig back = SchedulerConfig.read(dir);
        assertEquals(dpm.config(), back);
        assertEquals(Double.NEGATIVE_INFINITY, back.doubleValue("lambda_min_clipped", 0), 0.0);
        Scheduler again = Schedulers.load(dir.resolve(SchedulerConfig.FILE_NAME));
        assertInstanceOf(DpmSolverMultistepScheduler.class, again);

        SchedulerConfig raw = SchedulerConfig.parse(SD15, "sd15");
        assertEquals(raw, SchedulerConfig.parse(raw.toJson(), "again"));
        assertTrue(raw.toJson().contains("\"skip_prk_steps\" : true"));
    }

    @Test
    void badValuesNameTheKey() {
        assertKeyNamed("num_train_timesteps", "{\"_class_name\":\"DDIMScheduler\",\"num_train_timesteps\":\"many\"}");
        assertKeyNamed("beta_schedule", "{\"_class_name\":\"DDIMScheduler\",\"beta_schedule\":\"sigmoid\"}");
        assertKeyNamed("timestep_spacing", "{\"_class_name\":\"EulerDiscreteScheduler\",\"timestep_spacing\":\"even\"}");
        assertKeyNamed("prediction_type", "{\"_class_name\":\"DDPMScheduler\",\"prediction_type\":\"noise\"}");
        assertKeyNamed("prediction_type", "{\"_class_name\":\"EulerAncestralDiscreteScheduler\",\"prediction_type\":\"sample\"}");
        assertKeyNamed("algorithm_type", "{\"_class_name\":\"DPMSolverMultistepScheduler\",\"algorithm_type\":\"dpmsolver\"}");
        assertKeyNamed("solver_order", "{\"_class_name\":\"DPMSolverMultistepScheduler\",\"solver_order\":3}");
        assertKeyNamed("use_beta_sigmas", "{\"_class_name\":\"EulerDiscreteScheduler\",\"use_beta_sigmas\":true}");
        assertKeyNamed("variance_type", "{\"_class_name\":\"DDPMScheduler\",\"variance_type\":\"learned_range\"}");
        assertKeyNamed("trained_betas", "{\"_class_name\":\"DDIMScheduler\",\"trained_betas\":[0.1,\"x\"]}");
        assertKeyNamed("trained_betas", "{\"_class_name\":\"DDIMScheduler\",\"trained_betas\":[0.1,0.2]}");
        assertKeyNamed("clip_sample", "{\"_class_name\":\"DDIMScheduler\",\"clip_sample\":\"yes\"}");
        assertKeyNamed("use_karras_sigmas", "{\"_class_name\":\"EulerDiscreteScheduler\",\"use_karras_sigmas\":true,"
                + "\"use_exponential_sigmas\":true}");
    }

    @Test
    void invalidJsonNamesTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("scheduler_config.json");
        Files.writeString(f, "{\"_class_name\": ");
        DmException e = assertThrows(DmException.class, () -> SchedulerConfig.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        DmException missing = assertThrows(DmException.class, () -> SchedulerConfig.read(dir.resolve("nope.json")));
        assertTrue(missing.getMessage().contains("nope.json"), missing.getMessage());
    }

    @Test
    void defaultsFollowDiffusersPerClass() {
        assertEquals("leading", SchedulerType.DDPM.defaults().get("timestep_spacing"));
        assertEquals("leading", SchedulerType.DDIM.defaults().get("timestep_spacing"));
        assertEquals("linspace", SchedulerType.EULER_DISCRETE.defaults().get("timestep_spacing"));
        assertEquals("linspace", SchedulerType.EULER_ANCESTRAL_DISCRETE.defaults().get("timestep_spacing"));
        assertEquals("linspace", SchedulerType.DPM_SOLVER_MULTISTEP.defaults().get("timestep_spacing"));
        assertEquals(true, SchedulerType.DDIM.defaults().get("clip_sample"));
        assertEquals(2, SchedulerType.DPM_SOLVER_MULTISTEP.defaults().get("solver_order"));
        Scheduler ddpm = Schedulers.fromConfig(SchedulerConfig.of("DDPMScheduler"));
        assertEquals(1000, ddpm.noiseSchedule().numTrainTimesteps());
        assertEquals(0.0001, ddpm.noiseSchedule().betas()[0], 1e-9);
        assertEquals(0.02, ddpm.noiseSchedule().betas()[999], 1e-9);
    }

    private static void assertKeyNamed(String key, String json) {
        DmException e = assertThrows(DmException.class, () -> {
            Scheduler s = Schedulers.fromConfig(SchedulerConfig.parse(json, "test"));
            s.setTimesteps(10);
        }, json);
        assertTrue(e.getMessage().contains("'" + key), "message should name " + key + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
