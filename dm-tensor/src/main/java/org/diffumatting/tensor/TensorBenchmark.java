package org.diffumatting.tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.tensor.safetensors.SafetensorsFile;
import org.diffumatting.tensor.safetensors.SafetensorsWriter;

/**
 * Speed figures of the engine on this machine, printed by {@code dm bench tensor}: a square fp32 GEMM, the
 * ENGINE.md reference block (conv3x3-GroupNorm-SiLU-conv3x3 + single-head attention, a UNet resnet/attention pair
 * in miniature) as forward and as a training step, and safetensors write/load throughput. Never used by tests.
 */
public final class TensorBenchmark {
    private TensorBenchmark() {}

    /**
     * What to measure.
     *
     * @param threads intra-op thread counts to compare (each config runs at each count)
     * @param gemmSize n of the n x n GEMM
     * @param batch batch of the reference block
     * @param channels channels of the reference block (a multiple of 32, for GroupNorm(32))
     * @param size spatial size S of the reference block
     * @param steps timed steps per config
     * @param safetensorsMegabytes size of the safetensors file written and read back (0 skips it)
     * @param dir where the temporary safetensors file goes
     */
    public record Request(int[] threads, int gemmSize, int batch, int channels, int size, int steps,
            int safetensorsMegabytes, Path dir) {}

    /** Runs every measurement of {@code r} and returns the printed report. */
    public static String run(Request r) {
        if (r.channels() % 32 != 0) throw new org.diffumatting.common.DmException("--channels must be a multiple of 32, got " + r.channels());
        StringBuilder out = new StringBuilder();
        out.append(EngineInfo.summary()).append('\n');
        int before = Devices.threads();
        for (int t : r.threads()) {
            Devices.setThreads(t);
            out.append(String.format("gemm %dx%d fp32, %d thread(s): %.1f GFLOP/s%n", r.gemmSize(), r.gemmSize(), t,
                    gemmGflops(r.gemmSize(), 5)));
        }
        Devices.setThreads(before);
        for (DType precision : new DType[] {DType.F32, DType.BF16}) {
            for (int t : r.threads()) {
                BlockTiming b = block(r.batch(), r.channels(), r.size(), t, precision, r.steps());
                String mode = precision == DType.F32 ? "fp32" : "bf16 autocast";
                out.append(String.format("block B=%d C=%d %dx%d %s, %d thread(s): forward %.1f ms, train step %.1f ms%n",
                        b.batch(), b.channels(), b.size(), b.size(), mode, t, b.forwardMs(), b.trainStepMs()));
            }
        }
        if (r.safetensorsMegabytes() > 0) {
            double[] st = safetensorsMBps(r.dir(), r.safetensorsMegabytes());
            out.append(String.format("safetensors %d MB: write %.0f MB/s, load %.0f MB/s%n", r.safetensorsMegabytes(), st[0], st[1]));
        }
        return out.toString();
    }

    /** Best-of-{@code reps} GFLOP/s of an {@code n x n} fp32 matrix product (2 n^3 flops). */
    public static double gemmGflops(int n, int reps) {
        Tensor a = Noise.randn(new long[] {1}, n, n);
        Tensor b = Noise.randn(new long[] {2}, n, n);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps + 1; r++) {
            try (MemoryScope s = MemoryScope.open()) {
                long t0 = System.nanoTime();
                Tensor c = a.matmul(b);
                c.sum().item_float(); // forces completion
                double sec = (System.nanoTime() - t0) / 1e9;
                if (r > 0) best = Math.min(best, sec); // r = 0 warms up
            }
        }
        return 2.0 * n * n * n / best / 1e9;
    }

    /** Mean milliseconds of a forward pass and of a training step (forward, backward, SGD) of the reference block. */
    public record BlockTiming(int batch, int channels, int size, int threads, DType precision, double forwardMs,
            double trainStepMs) {}

    /**
     * Times the reference block at {@code threads} intra-op threads (restored afterwards), in fp32 or under
     * {@link Autocast} to {@code precision}.
     */
    public static BlockTiming block(int batch, int channels, int size, int threads, DType precision, int steps) {
        int before = Devices.threads();
        Devices.setThreads(threads);
        try {
            Block blk = new Block(channels, precision);
            for (int i = 0; i < 3; i++) blk.trainStep(batch, size, i);
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) blk.trainStep(batch, size, 10 + i);
            double train = (System.nanoTime() - t0) / 1e6 / steps;
            long t1 = System.nanoTime();
            for (int i = 0; i < steps; i++) blk.forwardOnly(batch, size, 100 + i);
            double fwd = (System.nanoTime() - t1) / 1e6 / steps;
            return new BlockTiming(batch, channels, size, threads, precision, fwd, train);
        } finally {
            Devices.setThreads(before);
        }
    }

    /** Write and load throughput in MB/s for {@code megabytes} of fp32 tensors (16 tensors) in {@code dir}. */
    public static double[] safetensorsMBps(Path dir, int megabytes) {
        Path p = dir.resolve("dm-bench-" + ProcessHandle.current().pid() + ".safetensors");
        long perTensor = (long) megabytes * (1 << 20) / 4 / 16;
        try (MemoryScope s = MemoryScope.open()) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (int i = 0; i < 16; i++) m.put("t" + i, Noise.randn(new long[] {i}, perTensor));
            long t0 = System.nanoTime();
            SafetensorsWriter.write(p, m, Map.of("bench", "1"));
            double write = megabytes / ((System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                for (String name : f.names()) f.load(name);
            }
            double load = megabytes / ((System.nanoTime() - t1) / 1e9);
            return new double[] {write, load};
        } finally {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * x [B,C,S,S] -> conv3x3 -> GroupNorm(32) -> SiLU -> conv3x3 -> + x -> tokens [B,S*S,C]
     * -> softmax(Q K^T / sqrt(C)) V (SDPA) -> proj -> + tokens; loss = mean(out^2).
     */
    private static final class Block {
        final Tensor w1, b1, gamma, beta, w2, b2, wq, wk, wv, wo;
        final SGD opt;
        final int channels;
        final DType precision;

        Block(int c, DType precision) {
            channels = c;
            this.precision = precision;
            w1 = param(0.05, c, c, 3, 3);
            b1 = param(0, c);
            gamma = param(0, c).add(new Scalar(1.0)).detach().requires_grad_(true);
            beta = param(0, c);
            w2 = param(0.05, c, c, 3, 3);
            b2 = param(0, c);
            wq = param(0.1, c, c);
            wk = param(0.1, c, c);
            wv = param(0.1, c, c);
            wo = param(0.1, c, c);
            TensorVector ps = new TensorVector(w1, b1, gamma, beta, w2, b2, wq, wk, wv, wo);
            opt = new SGD(ps, new SGDOptions(1e-4));
        }

        private static Tensor param(double scale, long... shape) {
            return Noise.randn(new long[] {shape.length * 7L + shape[0]}, shape).select(0, 0).mul(new Scalar(scale)).detach()
                    .requires_grad_(true);
        }

        Tensor forward(int batch, int size, int seed) {
            Tensor x = Noise.randn(Noise.consecutiveSeeds(seed * 1000L, batch), channels, size, size);
            long[] one = {1, 1};
            long[] none = {1, 1};
            Tensor h = torch.conv2d(x, w1, new TensorOptional(b1), one, one, none, 1);
            h = torch.silu(torch.group_norm(h, 32, new TensorOptional(gamma), new TensorOptional(beta), 1e-5, false));
            h = torch.conv2d(h, w2, new TensorOptional(b2), one, one, none, 1).add(x);
            Tensor tokens = h.flatten(2, 3).transpose(1, 2); // [B, S*S, C]
            Tensor a = torch.scaled_dot_product_attention(tokens.matmul(wq), tokens.matmul(wk), tokens.matmul(wv));
            return a.matmul(wo).add(tokens);
        }

        void trainStep(int batch, int size, int seed) {
            try (MemoryScope s = MemoryScope.open()) {
                Tensor loss;
                try (Autocast a = Autocast.enable(Devices.cpu(), precision)) {
                    loss = forward(batch, size, seed).to(DType.F32.scalarType()).square().mean();
                }
                opt.zero_grad();
                loss.backward();
                opt.step();
            }
        }

        void forwardOnly(int batch, int size, int seed) {
            try (MemoryScope s = MemoryScope.open(); NoGradGuard g = new NoGradGuard();
                    Autocast a = Autocast.enable(Devices.cpu(), precision)) {
                forward(batch, size, seed).sum().item_float();
            }
        }
    }
}
