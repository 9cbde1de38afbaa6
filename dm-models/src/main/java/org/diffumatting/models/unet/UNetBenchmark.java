package org.diffumatting.models.unet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.models.loading.StateDict;
import org.diffumatting.models.nn.FlopCounter;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.tensor.Autocast;
import org.diffumatting.tensor.DType;
import org.diffumatting.tensor.Devices;
import org.diffumatting.tensor.EngineInfo;
import org.diffumatting.tensor.Noise;
import org.diffumatting.tensor.Tensors;

/**
 * CPU speed of one UNet denoising step (a forward pass, no gradient) with random weights, in
 * float32 and bfloat16, compared with this machine's measured
 * float32 GEMM peak (a 4096 x 4096 x 4096 matmul, 2 * 4096^3 FLOP, timed in the same run).
 *
 * <p>bfloat16 comes in two modes: {@link Bf16Mode#AUTOCAST} (float32 weights, libtorch CPU autocast
 * to bf16: convolutions and matmuls in bf16, norms and softmax in float32; what a training step
 * uses) and {@link Bf16Mode#WEIGHTS} (weights and activations stored in bf16).
 *
 * <p>FLOPs are counted analytically during one forward by {@link FlopCounter} (convolutions,
 * linear layers and the attention core; norms/activations excluded), so achieved GFLOP/s =
 * counted FLOPs / median step time.
 */
public final class UNetBenchmark {
    /** One model to time. */
    /** @param bf16 whether the bf16 modes of the request apply to this case */
    public record Case(String name, UNet2DConditionConfig config, int batch, int latentSize, int contextTokens, boolean bf16) {
        /** The same case with bf16 timing switched on or off. */
        public Case withBf16(boolean on) {
            return new Case(name, config, batch, latentSize, contextTokens, on);
        }
    }

    /** How bfloat16 is run. */
    public enum Bf16Mode { AUTOCAST, WEIGHTS }

    /**
     * @param repeats   timed steps per case and dtype after one warm-up step (the median is reported)
     * @param bf16Modes bf16 variants to time after fp32 (may be empty)
     * @param threads   libtorch intra-op threads (0: leave libtorch's default)
     */
    public record Request(List<Case> cases, int repeats, List<Bf16Mode> bf16Modes, long seed, int threads) {}

    /**
     * Figures of one case and dtype; {@code gemmGflops} is the fp32 4096^3 matmul rate measured just
     * before this case (the machine is shared, so the peak is re-measured per case) and
     * {@code ratioToPeak} = gflops / gemmGflops.
     */
    public record Row(String name, String dtype, long parameters, double gflopPerStep, double medianMs, double minMs,
                      double gflops, double gemmGflops, double ratioToPeak) {}

    /** The measured fp32 GEMM peak and the rows. */
    public record Report(double gemmPeakGflops, double gemmMs, int threads, String loadBefore, String loadAfter, List<Row> rows) {
        /** A printable table: the GEMM peak line, the load line, the column header and one line per row. */
        public String table() {
            StringBuilder sb = new StringBuilder(gemmLine(gemmMs, gemmPeakGflops, threads));
            sb.append("load average (1/5/15 min) before: ").append(loadBefore).append(", after: ").append(loadAfter)
                    .append(" (other processes on this machine slow every figure down)\n");
            sb.append(header());
            for (Row r : rows) sb.append(line(r));
            return sb.toString();
        }
    }

    /** "fp32 GEMM 4096^3: ..." line. */
    public static String gemmLine(double gemmMs, double peak, int threads) {
        return String.format(Locale.ROOT, "fp32 GEMM 4096^3: %.1f ms = %.1f GFLOP/s peak (libtorch threads: %d)%n", gemmMs, peak, threads);
    }

    /** Whether the CPU computes bf16 natively (else libtorch emulates it and bf16 runs slower than fp32). */
    public static String bf16Line() {
        return EngineInfo.cpuHasBf16() ? "CPU has native bfloat16 (avx512_bf16/amx_bf16)\n"
                : "CPU has no native bfloat16 (no avx512_bf16/amx_bf16): libtorch emulates bf16, expect it slower than fp32\n";
    }

    /** Column header of the rows. */
    public static String header() {
        return String.format(Locale.ROOT, "%-20s %-13s %11s %11s %11s %11s %9s %10s %9s%n",
                "case", "dtype", "params", "GFLOP/step", "median ms", "min ms", "GFLOP/s", "GEMM GF/s", "of GEMM");
    }

    /** One formatted row. */
    public static String line(Row r) {
        return String.format(Locale.ROOT, "%-20s %-13s %11d %11.1f %11.1f %11.1f %9.1f %10.1f %8.1f%%%n",
                r.name(), r.dtype(), r.parameters(), r.gflopPerStep(), r.medianMs(), r.minMs(), r.gflops(), r.gemmGflops(),
                100 * r.ratioToPeak());
    }

    private UNetBenchmark() {}

    /** SD 1.5's UNet (its public unet/config.json), batch 2 (CFG pair), 64x64 latents (512 px), 77 x 768 context. */
    public static Case sd15(int batch, int latent) {
        return new Case("sd15 b" + batch + " " + latent + "x" + latent, UNet2DConditionConfig.fromJson(ConfigJson.parse("""
                {"_class_name": "UNet2DConditionModel", "act_fn": "silu", "attention_head_dim": 8,
                 "block_out_channels": [320, 640, 1280, 1280], "center_input_sample": false, "cross_attention_dim": 768,
                 "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
                 "downsample_padding": 1, "flip_sin_to_cos": true, "freq_shift": 0, "in_channels": 4, "layers_per_block": 2,
                 "mid_block_scale_factor": 1, "norm_eps": 1e-05, "norm_num_groups": 32, "out_channels": 4, "sample_size": 64,
                 "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]}
                """, "sd15 unet"), "sd15 unet"), batch, latent, 77, true);
    }

    /**
     * A small UNet of the kind the embedded CPU model uses: 3 levels (64, 128, 256), one resnet per
     * level, 4 heads, 384-wide context (all-MiniLM-L6-v2), 32x32 latents (256 px), batch 2, 77 tokens.
     */
    public static Case small(int batch, int latent) {
        return new Case("small b" + batch + " " + latent + "x" + latent, UNet2DConditionConfig.fromJson(ConfigJson.parse("""
                {"_class_name": "UNet2DConditionModel", "block_out_channels": [64, 128, 256], "layers_per_block": 1,
                 "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
                 "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
                 "attention_head_dim": 4, "cross_attention_dim": 384, "norm_num_groups": 32, "sample_size": 32}
                """, "small unet"), "small unet"), batch, latent, 77, true);
    }

    /** Runs the benchmark; prints nothing (see {@link Report#table()}). */
    public static Report run(Request req) {
        return run(req, line -> { });
    }

    /** Runs the benchmark, handing each finished line (GEMM line, header, rows) to {@code progress}. */
    public static Report run(Request req, java.util.function.Consumer<String> progress) {
        if (req.threads() > 0) torch.set_num_threads(req.threads());
        String loadBefore = loadAverage();
        double gemmMs = gemmMs();
        double peak = 2.0 * Math.pow(4096, 3) / (gemmMs * 1e6);
        progress.accept(gemmLine(gemmMs, peak, torch.get_num_threads()));
        if (!req.bf16Modes().isEmpty()) progress.accept(bf16Line());
        progress.accept(header());
        List<Row> rows = new ArrayList<>();
        boolean first = true;
        for (Case c : req.cases()) {
            if (!first) {
                gemmMs = gemmMs(); // re-measured per case: other processes come and go
                peak = 2.0 * Math.pow(4096, 3) / (gemmMs * 1e6);
                progress.accept(gemmLine(gemmMs, peak, torch.get_num_threads()));
            }
            first = false;
            rows.add(time(c, torch.ScalarType.Float, false, "fp32", req, peak));
            progress.accept(line(rows.get(rows.size() - 1)));
            System.gc();
            for (Bf16Mode mode : c.bf16() ? req.bf16Modes() : List.<Bf16Mode>of()) {
                rows.add(mode == Bf16Mode.AUTOCAST
                        ? time(c, torch.ScalarType.Float, true, "bf16-autocast", req, peak)
                        : time(c, torch.ScalarType.BFloat16, false, "bf16-weights", req, peak));
                progress.accept(line(rows.get(rows.size() - 1)));
                System.gc();
            }
        }
        return new Report(peak, gemmMs, torch.get_num_threads(), loadBefore, loadAverage(), rows);
    }

    /** The first three fields of /proc/loadavg, or "n/a". */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** Median wall time of a 4096^3 fp32 matmul (1 warm-up, 2 timed). */
    static double gemmMs() {
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Tensor a = Noise.randn(new long[] {1}, 4096, 4096).squeeze(0);
            Tensor b = Noise.randn(new long[] {2}, 4096, 4096).squeeze(0);
            double[] ms = new double[3];
            for (int i = 0; i < ms.length; i++) {
                try (PointerScope step = new PointerScope()) {
                    long t0 = System.nanoTime();
                    Tensor c = torch.matmul(a, b);
                    c.sum().item_double(); // forces completion
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            return median(Arrays.copyOfRange(ms, 1, ms.length));
        }
    }

    private static Row time(Case c, torch.ScalarType dtype, boolean autocast, String label, Request req, double peak) {
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard();
             Autocast a = Autocast.enable(Devices.cpu(), autocast ? DType.BF16 : DType.F32)) {
            UNet2DConditionModel m = new UNet2DConditionModel(c.config(), ParamInit.seeded(req.seed()).withDtype(dtype));
            long params = StateDict.numel(m);
            long[] seeds = Noise.consecutiveSeeds(req.seed() + 1, c.batch());
            Tensor x = Noise.randn(seeds, c.config().inChannels(), c.latentSize(), c.latentSize()).to(dtype);
            Tensor ctx = Noise.randn(Noise.consecutiveSeeds(req.seed() + 100, c.batch()), c.contextTokens(),
                    c.config().crossAttentionDim().values().get(0)).to(dtype);
            long[] ts = new long[c.batch()];
            Arrays.fill(ts, 500);
            Tensor t = Tensors.fromLongs(ts, c.batch());
            long flops;
            double[] ms = new double[req.repeats()];
            try (FlopCounter fc = FlopCounter.start(); PointerScope step = new PointerScope()) {
                m.forward(x, t, ctx).sum().item_double(); // warm-up, counts FLOPs
                flops = fc.flops();
            }
            for (int i = 0; i < ms.length; i++) {
                try (PointerScope step = new PointerScope()) {
                    long t0 = System.nanoTime();
                    m.forward(x, t, ctx).sum().item_double();
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            double med = median(ms);
            double gflops = flops / (med * 1e6);
            return new Row(c.name(), label, params, flops / 1e9, med, Arrays.stream(ms).min().orElse(med), gflops, peak, gflops / peak);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
