package org.diffumatting.schedulers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** The scheduler contract: misuse throws, state resets, shared schedule and spacing properties. */
class SchedulerContractTest {
    static final String[] NAMES = {"ddpm", "ddim", "euler", "euler-a", "dpm++2m", "dpm++2m-karras", "dpm++2m-sde"};
    static final NoiseSource ZEROS = like -> torch.zeros_like(like);

    @Test
    void everyMisuseThrowsIllegalState() {
        Tensor x = Tensor.create(new float[8], 2, 4);
        for (String name : NAMES) {
            Scheduler s = Schedulers.create(name, null);
            assertThrows(IllegalStateException.class, s::timesteps, name);
            assertThrows(IllegalStateException.class, () -> s.step(x, 999, x, ZEROS), name + ": step before setTimesteps");
            s.setTimesteps(5);
            double[] ts = s.timesteps();
            assertThrows(IllegalStateException.class, () -> s.step(x, ts[0] + 0.5, x, ZEROS), name + ": t not in schedule");
            assertThrows(IllegalStateException.class, () -> s.step(x, 1234, x, ZEROS), name + ": t beyond N");
            Tensor wrong = Tensor.create(new float[4], 1, 4);
            assertThrows(IllegalArgumentException.class, () -> s.step(wrong, ts[0], x, ZEROS), name + ": shape");
            if (name.startsWith("euler") || name.startsWith("dpm")) {
                s.step(x, ts[0], x, ZEROS);
                assertThrows(IllegalStateException.class, () -> s.step(x, ts[0], x, ZEROS), name + ": repeated t");
                assertThrows(IllegalStateException.class, () -> s.step(x, ts[2], x, ZEROS), name + ": skipped t");
                for (int i = 1; i < ts.length; i++) s.step(x, ts[i], x, ZEROS);
                assertThrows(IllegalStateException.class, () -> s.step(x, ts[ts.length - 1], x, ZEROS),
                        name + ": past the end");
                s.setTimesteps(5); // resets the counter
                s.step(x, ts[0], x, ZEROS);
            }
            assertThrows(IllegalArgumentException.class, () -> s.setTimesteps(0), name);
            assertThrows(IllegalArgumentException.class, () -> s.setTimesteps(1001), name);
        }
    }

    @Test
    void stochasticSchedulersNeedANoiseSource() {
        Tensor x = Tensor.create(new float[8], 2, 4);
        Scheduler ddpm = Schedulers.create("ddpm", null);
        ddpm.setTimesteps(4);
        assertThrows(IllegalArgumentException.class, () -> ddpm.step(x, ddpm.timesteps()[0], x));
        Scheduler ea = Schedulers.create("euler-a", null);
        ea.setTimesteps(4);
        assertThrows(IllegalArgumentException.class, () -> ea.step(x, ea.timesteps()[0], x));
        DdimScheduler ddim = new DdimScheduler(SchedulerConfig.of("DDIMScheduler"), 1.0);
        ddim.setTimesteps(4);
        assertThrows(IllegalArgumentException.class, () -> ddim.step(x, ddim.timesteps()[0], x));
        Scheduler sde = Schedulers.create("dpm++2m-sde", null);
        sde.setTimesteps(4);
        assertThrows(IllegalArgumentException.class, () -> sde.step(x, sde.timesteps()[0], x));
        Scheduler det = Schedulers.create("ddim", null);
        det.setTimesteps(4);
        det.step(x, det.timesteps()[0], x); // eta = 0 needs none
    }

    @Test
    void setTimestepsResetsMultistepHistory() {
        Scheduler s = Schedulers.create("dpm++2m-karras", null);
        double[] first = run(s);
        double[] second = run(s);
        assertArrayEquals(first, second, 0.0);
    }

    private static double[] run(Scheduler s) {
        s.setTimesteps(8);
        Tensor x = Tensor.create(new float[] {0.5f, -1f, 2f, 0.25f}, 1, 4);
        for (double t : s.timesteps()) {
            Tensor out = x.mul(new Scalar(0.3)).add(new Scalar(Math.cos(t)));
            x = s.step(out, t, x).prevSample();
        }
        return Golden.values(x);
    }

    @Test
    void betaSchedulesHaveTheirDefiningProperties() {
        double[] cos = BetaSchedule.SQUAREDCOS_CAP_V2.betas(1000, 0, 0);
        assertEquals((float) 0.999, cos[999], 0.0, "cosine betas are capped at max_beta");
        double[] zsnr = BetaSchedule.rescaleZeroTerminalSnr(BetaSchedule.SCALED_LINEAR.betas(1000, 0.00085, 0.012));
        NoiseSchedule s = new NoiseSchedule(zsnr);
        assertEquals(0.0, s.alphaCumprod(999), 1e-12, "zero terminal SNR");
        assertEquals(1 - 0.00085, s.alphaCumprod(0), 1e-6, "first abar kept");
        double[] sigmas = new EulerDiscreteScheduler(SchedulerConfig.of(null).with("rescale_betas_zero_snr", true)
                .with("timestep_spacing", "trailing")).sigmaSchedule.trainSigmas();
        assertEquals(4096.0, sigmas[999], 1e-3, "Euler replaces abar_{N-1} = 0 by 2^-24");
    }

    @Test
    void trailingSpacingReturnsExactlyNStepsWhereNumpyAddsOne() {
        long[] t = TimestepSpacing.TRAILING.discrete(1000, 61, 0);
        assertEquals(61, t.length);
        assertEquals(999, t[0]);
        assertTrue(t[60] >= 0, "no -1 timestep");
        assertArrayEquals(new long[] {999, 899, 799, 699, 599, 499, 399, 299, 199, 99},
                TimestepSpacing.TRAILING.discrete(1000, 10, 0));
        assertArrayEquals(new long[] {901, 801, 701, 601, 501, 401, 301, 201, 101, 1},
                TimestepSpacing.LEADING.discrete(1000, 10, 1));
    }

    @Test
    void schedulerAddNoiseUsesEachSamplersParametrisation() {
        Tensor x0 = Tensor.create(new float[] {1f, -2f}, 1, 2);
        Tensor eps = Tensor.create(new float[] {0.5f, 0.25f}, 1, 2);
        Scheduler ddim = Schedulers.create("ddim", null);
        ddim.setTimesteps(10);
        double abar = ddim.noiseSchedule().alphaCumprod(500);
        assertArrayEquals(new double[] {Math.sqrt(abar) + 0.5 * Math.sqrt(1 - abar),
                -2 * Math.sqrt(abar) + 0.25 * Math.sqrt(1 - abar)}, Golden.values(ddim.addNoise(x0, eps, 500)), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> ddim.addNoise(x0, eps, 500.5));

        EulerDiscreteScheduler euler = (EulerDiscreteScheduler) Schedulers.create("euler", null);
        euler.setTimesteps(10);
        double t = euler.timesteps()[3];
        double sigma = euler.sigmas()[3];
        assertArrayEquals(new double[] {1 + 0.5 * sigma, -2 + 0.25 * sigma}, Golden.values(euler.addNoise(x0, eps, t)),
                1e-5);
        assertThrows(IllegalStateException.class, () -> euler.addNoise(x0, eps, t + 0.25));

        // DPM-Solver at an integer (non-Karras) timestep: the same VP noising as DDIM
        Scheduler dpm = Schedulers.create("dpm++2m", null);
        dpm.setTimesteps(10);
        double td = dpm.timesteps()[4];
        double a = dpm.noiseSchedule().alphaCumprod((int) td);
        assertArrayEquals(new double[] {Math.sqrt(a) + 0.5 * Math.sqrt(1 - a), -2 * Math.sqrt(a) + 0.25 * Math.sqrt(1 - a)},
                Golden.values(dpm.addNoise(x0, eps, td)), 1e-6);
    }

    @Test
    void addNoiseChecksItsArguments() {
        NoiseSchedule s = NoiseSchedule.fromConfig(SchedulerConfig.of(null));
        Tensor x = Tensor.create(new float[8], 2, 4);
        assertThrows(IllegalArgumentException.class, () -> s.addNoise(x, x, new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> s.addNoise(x, x, new long[] {1, 1000}));
        assertThrows(IllegalArgumentException.class,
                () -> s.velocity(x, Tensor.create(new float[4], 1, 4), new long[] {1, 2}));
        Tensor ones = torch.ones_like(x);
        double[] noisy = Golden.values(s.addNoise(ones, torch.zeros_like(x), new long[] {0, 999}));
        assertEquals(Math.sqrt(s.alphaCumprod(0)), noisy[0], 1e-6);
        assertEquals(Math.sqrt(s.alphaCumprod(999)), noisy[7], 1e-6);
    }
}
