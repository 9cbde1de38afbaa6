package org.diffumatting.models.text;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.clip.CLIPTextConfig;
import org.diffumatting.models.clip.CLIPTextModel;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Timings behind {@code dm bench text}: MiniLM (ONNX Runtime) session start and encode time per
 * batch, and the SD 1.5 CLIP text tower forward (libtorch, fp32, random seeded weights, [B, 77]).
 */
public final class TextEncoderBenchmark {
    private TextEncoderBenchmark() {
    }

    /**
     * @param batch     prompts per call
     * @param repeats   timed calls after one warm-up (median and min reported)
     * @param clip      also time the SD 1.5 CLIP text tower (about 0.5 GB of weights)
     */
    public record Request(int batch, int repeats, boolean clip) {}

    /** One measured line. */
    public record Row(String what, String shape, double medianMs, double minMs, double perPromptMs) {}

    public record Report(double miniLmStartMs, List<Row> rows) {
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("MiniLM session start (first use, includes reading the 90 MB model): %.0f ms%n", miniLmStartMs));
            sb.append(String.format("%-34s %-16s %10s %10s %12s%n", "case", "output", "median ms", "min ms", "ms/prompt"));
            for (Row r : rows) {
                sb.append(String.format("%-34s %-16s %10.1f %10.1f %12.2f%n", r.what(), r.shape(), r.medianMs(), r.minMs(),
                        r.perPromptMs()));
            }
            return sb.toString();
        }
    }

    public static Report run(Request req) {
        List<String> prompts = new ArrayList<>();
        Random rnd = new Random(1);
        String[] words = {"a", "red", "ceramic", "mug", "on", "green", "background", "studio", "photo", "of", "wooden",
                "chair", "with", "soft", "fur", "glass", "bottle", "portrait", "woman", "curly", "hair"};
        for (int i = 0; i < req.batch(); i++) {
            StringBuilder p = new StringBuilder();
            for (int w = 0; w < 12; w++) {
                p.append(w == 0 ? "" : " ").append(words[rnd.nextInt(words.length)]);
            }
            prompts.add(p.toString());
        }
        long t0 = System.nanoTime();
        MiniLmTextEncoder miniLm = new MiniLmTextEncoder();
        double start = (System.nanoTime() - t0) / 1e6;
        List<Row> rows = new ArrayList<>();
        rows.add(time("MiniLM encode (ONNX, 2 threads)", req, () -> {
            try (MemoryScope s = MemoryScope.open()) {
                return Arrays.toString(Tensors.shape(miniLm.encode(prompts).hiddenStates()));
            }
        }));
        if (req.clip()) {
            CLIPTextModel clip = new CLIPTextModel(CLIPTextConfig.sd15(), ParamInit.seeded(0));
            long[] ids = new long[req.batch() * 77];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i % 77 == 0 ? 49406 : rnd.nextInt(49406);
            }
            rows.add(time("CLIP ViT-L/14 text (libtorch fp32)", req, () -> {
                try (MemoryScope s = MemoryScope.open(); NoGradGuard g = new NoGradGuard()) {
                    Tensor out = clip.forward(Tensors.fromLongs(ids, req.batch(), 77));
                    return Arrays.toString(Tensors.shape(out));
                }
            }));
        }
        return new Report(start, rows);
    }

    private static Row time(String what, Request req, java.util.function.Supplier<String> call) {
        String shape = call.get(); // warm-up
        double[] ms = new double[req.repeats()];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            call.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        return new Row(what, shape.replace(" ", ""), median, sorted[0], median / req.batch());
    }
}
