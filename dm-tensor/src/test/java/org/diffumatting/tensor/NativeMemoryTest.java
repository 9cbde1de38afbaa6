package org.diffumatting.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of training steps of a small conv + attention block, one {@link MemoryScope} per step: the process's
 * resident memory must stay flat after warm-up. Without the scope every step would leave its activations,
 * gradients' temporaries and Java wrappers to the garbage collector, which does not see native memory.
 */
class NativeMemoryTest {
    private static final int WARMUP_STEPS = 40;
    private static final int STEPS = 300;
    /** One leaked activation of this block is 2*16*14*14*4 = 25 KB; without scopes RSS grew 59.5 MB in 300 steps. */
    private static final long MAX_GROWTH_BYTES = 24L << 20;

    @Test
    void trainingStepsInScopesDoNotGrowNativeMemory() {
        // one intra-op thread: ops this small gain nothing from two, and on a busy machine an OpenMP barrier
        // waiting for a descheduled thread costs milliseconds per op
        int threads = Devices.threads();
        Devices.setThreads(1);
        try {
            run();
        } finally {
            Devices.setThreads(threads);
        }
    }

    private void run() {
        // the model and optimizer live outside every scope
        Conv2dImpl conv = new Conv2dImpl(8, 16, new LongPointer(3L, 3L));
        LinearImpl query = new LinearImpl(16, 16);
        TensorVector params = new TensorVector();
        for (Tensor p : conv.parameters().get()) params.push_back(p);
        for (Tensor p : query.parameters().get()) params.push_back(p);
        SGD opt = new SGD(params, new SGDOptions(1e-3));

        for (int i = 0; i < WARMUP_STEPS; i++) step(conv, query, opt, i);
        System.gc();
        long rssBefore = Rss.residentBytes();
        long t0 = System.nanoTime();
        for (int i = 0; i < STEPS; i++) step(conv, query, opt, WARMUP_STEPS + i);
        double ms = (System.nanoTime() - t0) / 1e6 / STEPS;
        System.gc();
        long rssAfter = Rss.residentBytes();
        long growth = rssAfter - rssBefore;
        System.out.printf("NativeMemoryTest: %d steps, %.2f ms/step, RSS %d -> %d MB (growth %+.1f MB), physicalBytes %d MB%n",
                STEPS, ms, rssBefore >> 20, rssAfter >> 20, growth / 1048576.0, org.bytedeco.javacpp.Pointer.physicalBytes() >> 20);
        assertTrue(growth < MAX_GROWTH_BYTES, "RSS grew by " + (growth >> 20) + " MB over " + STEPS + " steps");
    }

    /** x [2,8,16,16] -> conv3x3 -> SiLU [2,16,14,14] -> tokens [2,196,16] -> SDPA(q=W t, k=t, v=t) -> mean square. */
    private static void step(Conv2dImpl conv, LinearImpl query, SGD opt, int i) {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor x = Noise.randn(new long[] {2L * i, 2L * i + 1}, 8, 16, 16);
            Tensor h = torch.silu(conv.forward(x));
            Tensor tokens = h.flatten(2, 3).transpose(1, 2);
            Tensor attended = torch.scaled_dot_product_attention(query.forward(tokens), tokens, tokens);
            Tensor loss = attended.square().mean();
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
    }
}
