package org.diffumatting.pipelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.io.OutputSet;

/**
 * Writes generated samples: for NAME = {@link #name}(prompt, index, seed)
 * <pre>
 *   NAME.png        RGBA (straight alpha): green-free foreground F + alpha
 *   NAME-green.png  the decoded object on the green canvas
 *   NAME-alpha.png  8-bit gray alpha
 *   NAME.json       manifest: prompt, negative_prompt, seed, index, model, model_hash, scheduler, steps,
 *                   guidance_scale, width, height, alpha_source, dtype, code_version, created, seconds_per_image
 * </pre>
 * Each file is written atomically and recorded in an {@link OutputSet}, so a failing job can roll back what it wrote.
 */
public final class GenerationWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Longest slug taken from a prompt. */
    public static final int MAX_SLUG = 48;

    private final Path outDir;
    private final GenerateRequest request;
    private final String modelPath;
    private final String modelHash;
    private final String schedulerName;
    private final OutputSet written = new OutputSet();

    public GenerationWriter(Path outDir, GenerateRequest request, Path modelFolder, String schedulerName) {
        this.outDir = outDir;
        this.request = request;
        this.modelPath = modelFolder.toAbsolutePath().normalize().toString();
        this.modelHash = ModelHash.of(modelFolder);
        this.schedulerName = schedulerName;
    }

    /** {@code slug(prompt)-iiii-sSEED}, e.g. {@code a-red-apple-0003-s45}. */
    public static String name(String prompt, int index, long seed) {
        return slug(prompt) + String.format(Locale.ROOT, "-%04d-s%d", index, seed);
    }

    /** Lower-case ASCII letters and digits joined by '-', accents stripped, at most {@value #MAX_SLUG} chars; "image" if empty. */
    public static String slug(String prompt) {
        String ascii = Normalizer.normalize(prompt, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String s = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > MAX_SLUG) s = s.substring(0, MAX_SLUG).replaceAll("-+$", "");
        return s.isEmpty() ? "image" : s;
    }

    /** Writes the four files of each image; {@code secondsPerImage} goes into the manifests. */
    public void write(List<GeneratedImage> images, int width, int height, double secondsPerImage) {
        for (GeneratedImage g : images) {
            String name = name(g.prompt(), g.index(), g.seed());
            Path rgba = outDir.resolve(name + ".png");
            ImageFiles.writeRgba(rgba, g.foreground(), g.alpha());
            written.add(rgba);
            Path green = outDir.resolve(name + "-green.png");
            ImageFiles.writeRgb(green, g.green());
            written.add(green);
            Path alpha = outDir.resolve(name + "-alpha.png");
            ImageFiles.writeAlpha(alpha, g.alpha());
            written.add(alpha);
            Path json = outDir.resolve(name + ".json");
            AtomicFiles.writeString(json, manifest(g, width, height, secondsPerImage) + "\n");
            written.add(json);
        }
    }

    String manifest(GeneratedImage g, int width, int height, double secondsPerImage) {
        ObjectNode o = JSON.createObjectNode();
        o.put("prompt", g.prompt());
        o.put("negative_prompt", request.negativePrompt());
        o.put("seed", g.seed());
        o.put("index", g.index());
        o.put("model", modelPath);
        o.put("model_hash", modelHash);
        o.put("scheduler", schedulerName);
        o.put("steps", request.steps());
        o.put("guidance_scale", request.guidanceScale());
        o.put("width", width);
        o.put("height", height);
        o.put("alpha_source", g.alphaSource());
        o.put("dtype", request.dtype().name().toLowerCase(Locale.ROOT));
        o.put("code_version", CodeVersion.get());
        o.put("created", Instant.now().toString());
        o.put("seconds_per_image", Math.round(secondsPerImage * 1000) / 1000.0);
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file written so far. */
    public List<Path> files() {
        return written.files();
    }

    /** Deletes every file written so far (used when a later batch fails). */
    public int rollback() {
        return written.rollback();
    }
}
