package org.diffumatting.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.tensor.DType;
import org.diffumatting.tensor.Devices;

/**
 * {@code dm bench generate}: start-up time, per-image latency at batch 1 and images/s at larger batches for a
 * model folder, per dtype (fp32, bf16 autocast). Without a model folder it builds a random-weight folder from the
 * default model's training configs (models/configs/train-{unet,vae,head}.json: unet_config, vae_config,
 * head_config, text_max_length), so the figures are those of the default architecture.
 *
 * <p>Figures: {@code jvm_start} = JVM uptime when the benchmark starts (JVM + class loading, before natives);
 * {@code load} = model folder load including libtorch/ONNX initialisation; {@code first_image} = first
 * generation at batch 1 (cold: first-call allocations); {@code startup_plus_first} = their sum, what one
 * {@code dm generate} call costs for one image. Warm figures are the mean of {@code repeats} runs.
 */
public final class GenerateBenchmark {
    /** Settings. */
    public record Options(Path model, Path configsDir, List<Integer> batches, List<DType> dtypes, int steps,
                          String scheduler, double guidance, int repeats, int threads) {}

    private GenerateBenchmark() {}

    public static void run(Options o, PrintStream out) {
        double jvmStart = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        if (o.threads() > 0) Devices.setThreads(o.threads());
        Path folder = o.model();
        String what;
        if (folder == null) {
            folder = randomDefaultFolder(o.configsDir());
            what = "random weights, configs " + o.configsDir() + "/train-{unet,vae,head}.json";
        } else {
            what = folder.toString();
        }
        long t0 = System.nanoTime();
        PipelineModel model = PipelineModel.forGeneration(folder, Devices.cpu());
        model.textEncoder().encode(List.of("warm-up")); // ONNX session creation belongs to start-up
        double load = (System.nanoTime() - t0) / 1e9;
        GreenCanvasPipeline pipe = new GreenCanvasPipeline(model);
        int size = model.defaultSize();
        out.printf(Locale.ROOT, "dm bench generate: model %s%n", what);
        out.printf(Locale.ROOT, "  %dx%d, %d steps %s, guidance %.1f, %d threads, matting head: %s, text encoder: %s%n",
                size, size, o.steps(), o.scheduler(), o.guidance(), Devices.threads(), model.hasMattingHead() ? "yes" : "no (chroma key)",
                model.textEncoder().getClass().getSimpleName());
        out.printf(Locale.ROOT, "  jvm_start %.2f s, load %.2f s%n", jvmStart, load);
        GenerateRequest base = new GenerateRequest(folder, List.of("a red apple"), "", 1, 0, o.steps(), o.scheduler(),
                o.guidance(), size, size, 1, "cpu", DType.F32, 0);
        boolean first = true;
        for (DType dtype : o.dtypes()) {
            GenerateRequest r1 = base.withDtype(dtype);
            if (first) {
                double cold = time(pipe, r1).wall();
                out.printf(Locale.ROOT, "  first_image (batch 1, %s, cold) %.2f s; startup_plus_first %.2f s%n",
                        name(dtype), cold, jvmStart + load + cold);
                first = false;
            }
            for (int b : o.batches()) {
                GenerateRequest rb = r1.withImagesPerPrompt(b).withBatchSize(b);
                time(pipe, rb); // warm-up of this shape
                double wall = 0, denoise = 0, decode = 0, cpu = 0;
                for (int k = 0; k < o.repeats(); k++) {
                    Timing t = time(pipe, rb.withSeed(1000L * (k + 1)));
                    wall += t.wall() / o.repeats();
                    denoise += t.denoise() / o.repeats();
                    decode += t.decodeAndMatte() / o.repeats();
                    cpu += t.cpu() / o.repeats();
                }
                out.printf(Locale.ROOT, "  %-4s batch %2d: %.3f s per batch (encode+denoise %.3f, decode+matte %.3f), %.3f s per image,"
                        + " %.2f images/s; process CPU %.2f s per image%n", name(dtype), b, wall, denoise, decode, wall / b, b / wall, cpu / b);
            }
        }
    }

    private static String name(DType d) {
        return d.name().toLowerCase(Locale.ROOT);
    }

    /** Wall seconds of one run, its split and the process CPU seconds it used. */
    record Timing(double wall, double denoise, double decodeAndMatte, double cpu) {}

    private static Timing time(GreenCanvasPipeline pipe, GenerateRequest r) {
        long[] lastStep = {0};
        long cpu0 = processCpuNanos();
        long t = System.nanoTime();
        pipe.generate(r, new GenerationListener() {
            @Override
            public void onStep(int batch, int batches, int step, int steps) {
                lastStep[0] = System.nanoTime();
            }
        });
        long end = System.nanoTime();
        return new Timing((end - t) / 1e9, (lastStep[0] - t) / 1e9, (end - lastStep[0]) / 1e9, (processCpuNanos() - cpu0) / 1e9);
    }

    /** CPU time of the whole process (all threads), or -1 when the JVM does not expose it. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** A random-weight folder (in a temp dir) with the default model's configs. */
    static Path randomDefaultFolder(Path configsDir) {
        Path unetFile = configsDir.resolve("train-unet.json");
        Path vaeFile = configsDir.resolve("train-vae.json");
        Path headFile = configsDir.resolve("train-head.json");
        for (Path p : List.of(unetFile, vaeFile, headFile)) {
            if (!Files.isRegularFile(p)) throw new DmException(p + ": training config not found (pass --model DIR or --configs DIR)");
        }
        ObjectNode unetTrain = ConfigJson.read(unetFile);
        ObjectNode unet = object(unetTrain, "unet_config", unetFile);
        ObjectNode vae = object(ConfigJson.read(vaeFile), "vae_config", vaeFile);
        ObjectNode head = object(ConfigJson.read(headFile), "head_config", headFile);
        int maxLength = unetTrain.path("text_max_length").asInt(32);
        try {
            Path dir = Files.createTempDirectory("dm-bench-model");
            return RandomModelFolder.write(dir, unet, vae, head, maxLength, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    private static ObjectNode object(ObjectNode o, String key, Path file) {
        JsonNode n = o.get(key);
        if (n == null || !n.isObject()) throw new DmException(file + ": key '" + key + "' (an object) not found");
        return (ObjectNode) n;
    }

    /** Parses "1,8" into [1, 8]. */
    public static List<Integer> parseBatches(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            try {
                int b = Integer.parseInt(s.trim());
                if (b < 1) throw new NumberFormatException();
                out.add(b);
            } catch (NumberFormatException e) {
                throw new DmException("--batch: '" + s.trim() + "' is not a positive integer (expected e.g. 1,8)");
            }
        }
        return out;
    }
}
