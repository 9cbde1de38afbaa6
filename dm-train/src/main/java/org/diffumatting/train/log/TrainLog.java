package org.diffumatting.train.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import org.diffumatting.common.ProgressText;

/**
 * Training logs: one JSON object per logged step appended to {@code <output_dir>/train-log.jsonl}
 * ({@code step, loss, <terms>, lr, grad_norm, step_time_s, elapsed_s}), and a human progress line on a stream:
 * {@code [unet] step 120/1000  loss 0.1234 (eps 0.1 green 0.02 tb 0.003)  lr 9.8e-05  2.31 s/step  ETA 33m50s}.
 */
public final class TrainLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final PrintStream progress;
    private final String stage;

    public TrainLog(Path outputDir, String stage, PrintStream progress) {
        this.file = outputDir.resolve("train-log.jsonl");
        this.progress = progress;
        this.stage = stage;
    }

    public Path file() {
        return file;
    }

    /** Appends one JSONL record and prints the progress line. */
    public void step(long step, long maxSteps, Map<String, Double> values, double lr, double gradNorm,
                     double stepSeconds, double elapsedSeconds, double secondsPerStep) {
        ObjectNode o = JSON.createObjectNode();
        o.put("step", step);
        values.forEach(o::put);
        o.put("lr", lr);
        o.put("grad_norm", gradNorm);
        o.put("step_time_s", stepSeconds);
        o.put("elapsed_s", elapsedSeconds);
        try {
            Files.writeString(file, JSON.writeValueAsString(o) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
        if (progress != null) {
            StringBuilder terms = new StringBuilder();
            values.forEach((k, v) -> {
                if (!k.equals("loss")) terms.append(terms.length() == 0 ? "" : " ").append(k).append(' ').append(fmt(v));
            });
            progress.printf(Locale.ROOT, "[%s] step %d/%d  loss %s (%s)  lr %.2e  %.3f s/step  ETA %s%n", stage, step, maxSteps,
                    fmt(values.get("loss")), terms, lr, secondsPerStep, ProgressText.duration((maxSteps - step) * secondsPerStep));
            progress.flush();
        }
    }

    /** A free-form message on the progress stream. */
    public void message(String text) {
        if (progress != null) {
            progress.println("[" + stage + "] " + text);
            progress.flush();
        }
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.5g", v);
    }
}
