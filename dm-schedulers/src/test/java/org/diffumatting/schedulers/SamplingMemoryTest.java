package org.diffumatting.schedulers;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * A long sampling loop with one PointerScope per step must not grow native memory (docs/DESIGN.md 6.8), in
 * particular through DPM-Solver's multistep history, which outlives each step's scope. 300 DPM++ steps and
 * 60 steps of each other scheduler on a [1, 4, 128, 128] float32 latent (256 KiB per tensor): a leak of one
 * tensor per step would add ~75 MiB; the bound is 40 MiB of resident-set growth after a warm-up.
 */
class SamplingMemoryTest {
    static final int STEPS = 300;

    @Test
    void perStepScopesKeepResidentMemoryFlat() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc");
        for (String name : new String[] {"dpm++2m-karras", "euler-a", "ddpm", "euler"}) {
            loop(name, 30); // warm-up: allocator pools, JIT
        }
        long before = rssKiB();
        loop("dpm++2m-karras", STEPS); // the only scheduler with state across steps
        for (String name : new String[] {"euler-a", "ddpm", "euler"}) {
            loop(name, 60);
        }
        long growthKiB = rssKiB() - before;
        System.out.printf("SamplingMemoryTest: RSS growth over %d + 3 x 60 steps: %d KiB%n", STEPS, growthKiB);
        assertTrue(growthKiB < 40 * 1024, "resident memory grew by " + growthKiB + " KiB");
    }

    private static void loop(String name, int steps) {
        long t0 = System.nanoTime();
        try {
            loopBody(name, steps);
        } finally {
            System.out.printf("  %s, %d steps: %.0f ms%n", name, steps, (System.nanoTime() - t0) / 1e6);
        }
    }

    private static void loopBody(String name, int steps) {
        Scheduler s = Schedulers.create(name, SchedulerConfig.of(null).with("num_train_timesteps", STEPS));
        s.setTimesteps(steps);
        NoiseSource noise = like -> torch.zeros_like(like).add(new Scalar(0.01));
        Tensor x = torch.ones(1, 4, 128, 128).mul(new Scalar(s.initNoiseSigma()));
        for (double t : s.timesteps()) {
            try (PointerScope scope = new PointerScope()) {
                Tensor in = s.scaleModelInput(x, t);
                Tensor out = in.mul(new Scalar(0.1)).add(new Scalar(Math.cos(0.01 * t)));
                Tensor next = s.step(out, t, x, noise).prevSample();
                next.retainReference(); // keep the new sample past this scope
                x.releaseReference();
                x = next;
            }
        }
        x.releaseReference();
    }

    private static long rssKiB() throws IOException {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IOException("no VmRSS");
    }
}
