package org.diffumatting.matting.composite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.BatchFiles;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.io.OutputSet;
import org.diffumatting.matting.io.RgbaImage;
import org.diffumatting.matting.trimap.Trimap;
import org.diffumatting.matting.trimap.TrimapGenerator;

/**
 * Composition-1k style composite sets: every foreground (colour F + alpha a) is placed on {@code perForeground}
 * backgrounds, I = a F + (1 - a) B (see {@link Compositor}), at the foreground's own size, never rescaling the
 * foreground (as Deep Image Matting's composition code).
 *
 * <p>One sample, with W x H the foreground size and bw x bh the background's:
 * <ol>
 *   <li>a random generator is derived from (seed, foreground stem, sample index k) only (SplitMix64 of an FNV-1a
 *       hash), so a sample does not change when other foregrounds or backgrounds are added or removed
 *       (the background list itself must stay the same);</li>
 *   <li>background index uniform in [0, #backgrounds); extra scale s uniform in [minScale, maxScale];
 *       background mirrored with probability flipProbability, foreground (with its alpha) likewise, independently;</li>
 *   <li>the background is scaled by t = s * max(W / bw, H / bh) (covers W x H; bilinear, antialiased when
 *       shrinking, {@link Resampler}) and a W x H window at a uniform random position of the scaled image is taken;</li>
 *   <li>the trimap of the (possibly mirrored) alpha is made with {@link TrimapGenerator}.</li>
 * </ol>
 * Output folder: {@code image/ alpha/ fg/ bg/ trimap/} with the same file name {@code STEM_k.png} (k zero-padded
 * to 3 digits or more) in each, 8-bit PNG; {@code fg/} and {@code bg/} hold exactly the F and B used, so
 * {@code image = alpha * fg + (1 - alpha) * bg} holds up to 8-bit rounding. {@code manifest.json} lists the
 * parameters and every sample's placement. Same inputs and parameters give byte-identical files.
 */
public final class CompositeDatasetBuilder {
    private CompositeDatasetBuilder() {}

    /** Folders of the output set. */
    public static final List<String> FOLDERS = List.of("image", "alpha", "fg", "bg", "trimap");

    /**
     * @param perForeground   samples per foreground (N >= 1)
     * @param seed            the seed everything derives from
     * @param minScale        lower bound of the extra background zoom s (>= 1; 1 = just covering)
     * @param maxScale        upper bound of s (>= minScale)
     * @param flipProbability probability of mirroring the background, and independently the foreground
     * @param trimap          trimap options for trimap/
     */
    public record Params(int perForeground, long seed, double minScale, double maxScale, double flipProbability,
                         TrimapGenerator.Options trimap) {
        public Params {
            if (perForeground < 1) throw new DmException("--per-fg must be at least 1, got " + perForeground);
            if (!(minScale >= 1 && maxScale >= minScale && maxScale <= 16))
                throw new DmException("background scales must satisfy 1 <= min <= max <= 16, got " + minScale + ".." + maxScale);
            if (!(flipProbability >= 0 && flipProbability <= 1))
                throw new DmException("flip probability must be in [0, 1], got " + flipProbability);
            if (trimap == null) throw new IllegalArgumentException("trimap options are required");
        }

        /** N per foreground with seed; zoom 1..1.5, flips with probability 0.5, default trimap. */
        public static Params of(int perForeground, long seed) {
            return new Params(perForeground, seed, 1.0, 1.5, 0.5, TrimapGenerator.Options.defaults());
        }
    }

    /** A foreground: its colour image and its alpha (null: the alpha channel of an RGBA {@code image}). */
    public record ForegroundSource(String stem, Path image, Path alpha) {}

    /** Where and how a background was cut and whether the foreground was mirrored. */
    public record Placement(int backgroundIndex, double scale, double backgroundScale, int cropX, int cropY,
                            boolean mirrorForeground, boolean mirrorBackground) {}

    /** One composite in memory. */
    public record Sample(RgbImage image, AlphaMap alpha, RgbImage foreground, RgbImage background, Trimap trimap,
                         Placement placement) {}

    /** What {@link #build} wrote. */
    public record Result(int samples, Path manifest, List<Path> files) {}

    /** The generator of sample k of foreground {@code stem}: SplitMix64-seeded from seed, FNV-1a(stem) and k. */
    public static SplittableRandom sampleRandom(long seed, String stem, int k) {
        long h = 0xcbf29ce484222325L; // FNV-1a 64 offset basis
        for (byte b : stem.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L; // FNV prime
        }
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ h ^ ((long) k + 1) * 0xBF58476D1CE4E5B9L);
    }

    /** Step 2-3 for a background of {@code bw x bh} once its index is drawn: zoom, crop position, mirrors. */
    public static Placement place(SplittableRandom rng, int backgroundIndex, int w, int h, int bw, int bh, Params p) {
        double s = p.minScale() + (p.maxScale() - p.minScale()) * rng.nextDouble();
        double t = s * Compositor.coverScale(bw, bh, w, h);
        int sw = Compositor.scaledExtent(bw, t), sh = Compositor.scaledExtent(bh, t);
        int x = rng.nextInt(Math.max(0, sw - w) + 1);
        int y = rng.nextInt(Math.max(0, sh - h) + 1);
        boolean mirrorBg = rng.nextDouble() < p.flipProbability();
        boolean mirrorFg = rng.nextDouble() < p.flipProbability();
        return new Placement(backgroundIndex, s, t, x, y, mirrorFg, mirrorBg);
    }

    /** Builds one sample in memory from a placement (reusable without files). */
    public static Sample compose(RgbImage fg, AlphaMap alpha, RgbImage background, Placement pl, Params p) {
        if (!fg.sameSize(alpha))
            throw new IllegalArgumentException("foreground " + fg.width() + "x" + fg.height() + " and alpha "
                    + alpha.width() + "x" + alpha.height() + " differ in size");
        RgbImage f = pl.mirrorForeground() ? Compositor.mirror(fg) : fg;
        AlphaMap a = pl.mirrorForeground() ? Compositor.mirror(alpha) : alpha;
        RgbImage b = Resampler.scaleCrop(background, pl.backgroundScale(), pl.backgroundScale(), pl.cropX(), pl.cropY(),
                fg.width(), fg.height(), pl.mirrorBackground());
        return new Sample(Compositor.composite(f, a, b), a, f, b, TrimapGenerator.generate(a, p.trimap()), pl);
    }

    /**
     * Foregrounds of a folder, each matched by stem with an alpha in {@code alphaDir}; with a null alphaDir every
     * foreground must carry an alpha channel (RGBA).
     */
    public static List<ForegroundSource> foregroundsFromDirs(Path fgDir, Path alphaDir) {
        List<ForegroundSource> out = new ArrayList<>();
        List<Path> fgs = BatchFiles.listImages(fgDir);
        BatchFiles.requireUniqueStems(fgs);
        for (Path f : fgs) {
            String stem = BatchFiles.stem(f);
            out.add(new ForegroundSource(stem, f, alphaDir == null ? null : BatchFiles.findByStem(alphaDir, stem, "alpha", f)));
        }
        return out;
    }

    /** Writes the whole set (see the class documentation); on any error removes what it wrote and rethrows. */
    public static Result build(List<ForegroundSource> foregrounds, List<Path> backgrounds, Params p, Path outDir,
                               Map<String, Object> describeInputs) {
        if (foregrounds.isEmpty()) throw new DmException("no foregrounds to composite");
        if (backgrounds.isEmpty()) throw new DmException("no backgrounds to composite on");
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) throw new DmException(outDir + ": --out must be a directory");
        for (ForegroundSource f : foregrounds) // headers only: sizes agree before anything is written
            if (f.alpha() != null) BatchFiles.requireSameSize(f.image(), f.alpha());
        for (Path b : backgrounds) ImageFiles.readSize(b);
        int digits = Math.max(3, String.valueOf(p.perForeground() - 1).length());
        OutputSet written = new OutputSet();
        List<Map<String, Object>> samples = new ArrayList<>();
        Map<Integer, RgbImage> cache = new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, RgbImage> e) {
                return size() > 4;
            }
        };
        try {
            for (ForegroundSource src : foregrounds) {
                RgbImage fg;
                AlphaMap alpha;
                if (src.alpha() == null) {
                    RgbaImage rgba = ImageFiles.readRgba(src.image());
                    fg = rgba.rgb();
                    alpha = rgba.alpha();
                } else {
                    fg = ImageFiles.readRgb(src.image());
                    alpha = ImageFiles.readAlpha(src.alpha());
                }
                for (int k = 0; k < p.perForeground(); k++) {
                    SplittableRandom rng = sampleRandom(p.seed(), src.stem(), k);
                    int bi = rng.nextInt(backgrounds.size());
                    RgbImage bg = cache.computeIfAbsent(bi, i -> ImageFiles.readRgb(backgrounds.get(i)));
                    Placement pl = place(rng, bi, fg.width(), fg.height(), bg.width(), bg.height(), p);
                    Sample s = compose(fg, alpha, bg, pl, p);
                    String name = String.format("%s_%0" + digits + "d.png", src.stem(), k);
                    write(outDir.resolve("image").resolve(name), written, q -> ImageFiles.writeRgb(q, s.image()));
                    write(outDir.resolve("alpha").resolve(name), written, q -> ImageFiles.writeAlpha(q, s.alpha()));
                    write(outDir.resolve("fg").resolve(name), written, q -> ImageFiles.writeRgb(q, s.foreground()));
                    write(outDir.resolve("bg").resolve(name), written, q -> ImageFiles.writeRgb(q, s.background()));
                    write(outDir.resolve("trimap").resolve(name), written, q -> s.trimap().write(q));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", name);
                    m.put("foreground", src.image().getFileName().toString());
                    m.put("alpha", src.alpha() == null ? null : src.alpha().getFileName().toString());
                    m.put("background", backgrounds.get(bi).getFileName().toString());
                    m.put("background_index", bi);
                    m.put("width", fg.width());
                    m.put("height", fg.height());
                    m.put("scale", pl.scale());
                    m.put("background_scale", pl.backgroundScale());
                    m.put("crop_x", pl.cropX());
                    m.put("crop_y", pl.cropY());
                    m.put("mirror_foreground", pl.mirrorForeground());
                    m.put("mirror_background", pl.mirrorBackground());
                    samples.add(m);
                }
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", "diffumatting-composites/1");
            manifest.put("formula", "image = alpha * fg + (1 - alpha) * bg (8-bit sRGB values, straight alpha)");
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("per_fg", p.perForeground());
            params.put("seed", p.seed());
            params.put("min_scale", p.minScale());
            params.put("max_scale", p.maxScale());
            params.put("flip_probability", p.flipProbability());
            params.put("trimap_band", p.trimap().band());
            params.put("trimap_kernel", p.trimap().kernel().name().toLowerCase(java.util.Locale.ROOT));
            params.put("trimap_mode", p.trimap().mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            params.put("inputs", describeInputs == null ? Map.of() : describeInputs);
            manifest.put("params", params);
            manifest.put("folders", FOLDERS);
            List<String> bgNames = new ArrayList<>();
            for (Path b : backgrounds) bgNames.add(b.getFileName().toString());
            manifest.put("backgrounds", bgNames);
            manifest.put("samples", samples);
            Path mf = outDir.resolve("manifest.json");
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(manifest) + "\n";
            AtomicFiles.writeString(mf, json);
            written.add(mf);
            return new Result(samples.size(), mf, written.files());
        } catch (RuntimeException | JsonProcessingException e) {
            written.rollback();
            if (e instanceof RuntimeException re) throw re;
            throw new IllegalStateException("cannot encode manifest: " + e.getMessage(), e);
        }
    }

    private interface Writer {
        void write(Path p);
    }

    private static void write(Path p, OutputSet written, Writer w) {
        w.write(p);
        written.add(p);
    }

    /** {@link #build} from folders: fgDir + alphaDir (nullable) matched by stem, every image of bgDir. */
    public static Result buildFromDirs(Path fgDir, Path alphaDir, Path bgDir, Params p, Path outDir) {
        List<ForegroundSource> fgs = foregroundsFromDirs(fgDir, alphaDir);
        List<Path> bgs = BatchFiles.listImages(bgDir);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("fg_dir", fgDir.toString());
        inputs.put("alpha_dir", alphaDir == null ? null : alphaDir.toString());
        inputs.put("bg_dir", bgDir.toString());
        return build(fgs, bgs, p, outDir, inputs);
    }
}
