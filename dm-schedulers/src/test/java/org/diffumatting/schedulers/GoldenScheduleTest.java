package org.diffumatting.schedulers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Betas, alphas_cumprod, inference timesteps and sigmas against the numpy reference
 * (tools/reference/schedulers_reference.py). Tolerances: betas and abar 1e-6 relative (both sides are
 * float32-exact; only float64 linspace/cos rounding may differ), integer timesteps exact, fractional (Karras /
 * exponential Euler) timesteps 1e-5 relative, sigmas 1e-6 relative, init_noise_sigma 1e-6 relative.
 */
class GoldenScheduleTest {

    @Test
    void betasAndAlphasCumprodMatchReference() {
        int checked = 0;
        for (JsonNode c : Golden.root().get("schedules")) {
            NoiseSchedule s = NoiseSchedule.fromConfig(Golden.config(c));
            String name = c.get("name").asText();
            double eb = Golden.maxRelativeError(s.betas(), Golden.doubles(c.get("betas")));
            double ea = Golden.maxRelativeError(s.alphasCumprod(), Golden.doubles(c.get("alphas_cumprod")));
            assertTrue(eb <= 1e-6, name + ": betas relative error " + eb);
            assertTrue(ea <= 1e-6, name + ": alphas_cumprod relative error " + ea);
            checked++;
        }
        assertEquals(5, checked);
    }

    @Test
    void timestepsAndSigmasMatchReference() {
        int checked = 0;
        for (JsonNode c : Golden.root().get("timesteps")) {
            SchedulerConfig config = Golden.config(c);
            Scheduler s = Schedulers.fromConfig(config);
            int steps = c.get("steps").asInt();
            s.setTimesteps(steps);
            String name = config.toJson().replaceAll("\\s+", "") + " n=" + steps;
            double[] expected = Golden.doubles(c.get("timesteps"));
            double[] actual = s.timesteps();
            boolean fractional = false;
            for (double t : expected) fractional |= t != Math.rint(t);
            if (fractional) {
                double e = Golden.maxRelativeError(actual, expected);
                assertTrue(e <= 1e-5, name + ": timesteps relative error " + e);
            } else {
                assertArrayEquals(expected, actual, 0.0, name + ": timesteps");
            }
            double[] expectedSigmas = Golden.doubles(c.get("sigmas"));
            if (expectedSigmas.length > 0) {
                double[] sigmas = s instanceof SigmaScheduler ss ? ss.sigmas()
                        : ((DpmSolverMultistepScheduler) s).sigmas();
                double e = Golden.maxRelativeError(sigmas, expectedSigmas);
                assertTrue(e <= 1e-6, name + ": sigmas relative error " + e);
            }
            double init = c.get("init_noise_sigma").asDouble();
            assertEquals(init, s.initNoiseSigma(), 1e-6 * init, name + ": init_noise_sigma");
            checked++;
        }
        assertEquals(60, checked, "timestep cases");
    }

    @Test
    void addNoiseAndVelocityMatchReference() {
        JsonNode c = Golden.root().get("add_noise");
        NoiseSchedule s = NoiseSchedule.fromConfig(Golden.config(c));
        long[] shape = Golden.longs(c.get("shape"));
        Tensor x0 = Golden.tensor(Golden.doubles(c.get("x0")), shape);
        Tensor noise = Golden.tensor(Golden.doubles(c.get("noise")), shape);
        long[] t = Golden.longs(c.get("timesteps"));
        double eNoisy = Golden.scaledMaxError(Golden.values(s.addNoise(x0, noise, t)), Golden.doubles(c.get("noisy")));
        double eVel = Golden.scaledMaxError(Golden.values(s.velocity(x0, noise, Tensor.create(t))),
                Golden.doubles(c.get("velocity")));
        assertTrue(eNoisy <= 1e-6, "add_noise error " + eNoisy);
        assertTrue(eVel <= 1e-6, "velocity error " + eVel);
    }
}
