package org.diffumatting.evaluation;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.diffumatting.common.DmException;
import org.diffumatting.pipelines.GenerateRequest;

/**
 * What {@code dm eval model} evaluates.
 *
 * @param model      model folder (unet, vae, matting_head, text_encoder, scheduler), null = models/default
 * @param data       green-screen data set folder (image/, alpha/, manifest.jsonl with a "test" split)
 * @param out        report folder (eval-model.json, eval-model.md, contact-sheet.png)
 * @param limit      at most this many test samples in (a) and prompts per list in (b); 0 = all (100 per list)
 * @param seed       seed of the first image of each prompt list (image i: seed + i)
 * @param steps      denoising steps of (b) and (c)
 * @param guidance   classifier-free guidance scale of (b) and (c)
 * @param scheduler  sampler short name (dpm++2m, ddim, ...) of (b) and (c)
 * @param trimapBand radius in pixels of the trimap unknown band of the DIM convention in (a)
 * @param batchSize  images per UNet batch in (b) and (c) (results do not depend on it)
 * @param ablation   training configs of (c); empty = skip (c)
 * @param device     cpu, cuda, cuda:N
 * @param threads    libtorch threads, 0 = leave as is
 * @param parts      parts to run; null = (a) and (b), plus (c) when ablation configs are given
 */
public record ModelEvalRequest(Path model, Path data, Path out, int limit, long seed, int steps, double guidance, String scheduler,
                               int trimapBand, int batchSize, List<Path> ablation, String device, int threads, Set<Part> parts) {
    public static final int DEFAULT_TRIMAP_BAND = 5;

    /** The parts of the report, named a, b, c on the command line. */
    public enum Part {
        HEAD("a"), GENERATED("b"), ABLATION("c");

        private final String letter;

        Part(String letter) {
            this.letter = letter;
        }

        /** "a", "b" or "c" (any case); a one-line error naming --parts otherwise. */
        public static Part parse(String s) {
            for (Part p : values()) if (p.letter.equals(s.trim().toLowerCase(Locale.ROOT))) return p;
            throw new DmException("--parts: unknown part '" + s + "' (expected a, b or c)");
        }
    }

    public ModelEvalRequest {
        ablation = ablation == null ? List.of() : List.copyOf(ablation);
        if (parts == null) {
            parts = EnumSet.of(Part.HEAD, Part.GENERATED);
            if (!ablation.isEmpty()) parts.add(Part.ABLATION);
        }
        parts = parts.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(parts));
        device = device == null ? "cpu" : device;
        scheduler = scheduler == null ? "dpm++2m" : scheduler;
    }

    /** Defaults: report in out/eval-model, all samples, seed 0, the generation default steps of dpm++2m, guidance 5, band 5, batch 4, cpu. */
    public static ModelEvalRequest of(Path model, Path data) {
        return new ModelEvalRequest(model, data, Path.of("out/eval-model"), 0, 0, GenerateRequest.DEFAULT_STEPS, 5.0, "dpm++2m", DEFAULT_TRIMAP_BAND, 4,
                List.of(), "cpu", 0, null);
    }

    public boolean runs(Part p) {
        return parts.contains(p);
    }

    public ModelEvalRequest withOut(Path o) {
        return new ModelEvalRequest(model, data, o, limit, seed, steps, guidance, scheduler, trimapBand, batchSize, ablation, device, threads, parts);
    }

    public ModelEvalRequest withLimit(int n) {
        return new ModelEvalRequest(model, data, out, n, seed, steps, guidance, scheduler, trimapBand, batchSize, ablation, device, threads, parts);
    }

    public ModelEvalRequest withSteps(int n) {
        return new ModelEvalRequest(model, data, out, limit, seed, n, guidance, scheduler, trimapBand, batchSize, ablation, device, threads, parts);
    }

    /** New ablation configs; the parts go back to the default for them. */
    public ModelEvalRequest withAblation(List<Path> configs) {
        return new ModelEvalRequest(model, data, out, limit, seed, steps, guidance, scheduler, trimapBand, batchSize, configs, device, threads, null);
    }

    public ModelEvalRequest withParts(Set<Part> p) {
        return new ModelEvalRequest(model, data, out, limit, seed, steps, guidance, scheduler, trimapBand, batchSize, ablation, device, threads, p);
    }

    /** Checks the flags (one-line errors naming the flag). */
    public void validate() {
        if (data == null) throw new DmException("--data DIR is required (a green-screen data set with a test split)");
        if (out == null) throw new DmException("--out DIR is required");
        if (limit < 0) throw new DmException("--limit must be >= 0 (0 = all), got " + limit);
        if (steps < 1 || steps > 1000) throw new DmException("--steps must be in [1, 1000], got " + steps);
        if (trimapBand < 0) throw new DmException("--trimap-band must be >= 0, got " + trimapBand);
        if (batchSize < 1) throw new DmException("--batch-size must be >= 1, got " + batchSize);
        if (threads < 0) throw new DmException("--threads must be >= 0, got " + threads);
        if (!(guidance >= 0) || Double.isInfinite(guidance)) throw new DmException("--guidance must be a finite number >= 0, got " + guidance);
        if (parts.isEmpty()) throw new DmException("--parts must name at least one of a, b, c");
        if (runs(Part.ABLATION) && ablation.isEmpty()) throw new DmException("--parts c needs --ablation CONFIG...");
        if (!runs(Part.ABLATION) && !ablation.isEmpty()) throw new DmException("--ablation given but --parts leaves out part c");
    }
}
