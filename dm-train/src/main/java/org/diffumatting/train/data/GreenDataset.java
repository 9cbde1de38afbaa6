package org.diffumatting.train.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.tensor.ImageTensors;

/**
 * The green-screen data set written by {@code dm data build-greenset} (docs/DATA.md): {@code image/<id>.png}
 * (object on pure green), {@code alpha/<id>.png}, {@code fg/<id>.png} and {@code manifest.jsonl}, one JSON object
 * per line with at least {@code id} (the file stem), {@code caption} and {@code split} (and {@code source}, which
 * {@link #open(Path, String, int, SampleFilter)} can select on, as on the caption). Samples keep manifest order;
 * {@link EpochOrder} shuffles them. Images are read when a batch is loaded (PNG decode is cheap next to a step).
 */
public final class GreenDataset {
    /** One manifest line ({@code source} "" when the line has none). */
    public record Sample(String id, String caption, String source) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final List<Sample> samples;
    private final int resolution;
    private final int captionExcluded;

    private GreenDataset(Path dir, List<Sample> samples, int resolution, int captionExcluded) {
        this.dir = dir;
        this.samples = samples;
        this.resolution = resolution;
        this.captionExcluded = captionExcluded;
    }

    /**
     * Reads the manifest and keeps the samples of {@code split}.
     *
     * @throws DmException when the folder or manifest is missing, a line is malformed (naming file and line), or
     *     the split is empty
     */
    public static GreenDataset open(Path dir, String split, int resolution) {
        return open(dir, split, resolution, SampleFilter.ALL);
    }

    /**
     * Reads the manifest and keeps the samples of {@code split} that {@code filter} keeps.
     *
     * @throws DmException as {@link #open(Path, String, int)}, when a listed source has no sample in the split
     *     (naming it and the sources the split has), and when the caption patterns leave no sample
     */
    public static GreenDataset open(Path dir, String split, int resolution, SampleFilter filter) {
        if (!Files.isDirectory(dir)) throw new DmException("data_dir " + dir + ": folder not found");
        Path manifest = dir.resolve("manifest.jsonl");
        List<Sample> out = new ArrayList<>();
        Set<String> splitSources = new TreeSet<>(); // every source of the split, for the 'sources' check
        int captionExcluded = 0;
        try (BufferedReader r = Files.newBufferedReader(manifest)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                JsonNode o;
                try {
                    o = JSON.readTree(line);
                } catch (IOException e) {
                    throw new DmException(manifest + ": line " + n + ": invalid JSON");
                }
                if (o == null || !o.isObject() || !o.path("id").isTextual()) {
                    throw new DmException(manifest + ": line " + n + ": missing string field 'id'");
                }
                String s = o.path("split").asText("train");
                if (!split.equals(s)) continue;
                String source = o.path("source").asText("");
                splitSources.add(source);
                if (!filter.keepsSource(source)) continue;
                String caption = o.path("caption").asText("");
                if (!filter.keepsCaption(caption)) {
                    captionExcluded++;
                    continue;
                }
                out.add(new Sample(o.get("id").asText(), caption, source));
            }
        } catch (NoSuchFileException e) {
            throw new DmException("data_dir " + dir + ": manifest.jsonl not found");
        } catch (IOException e) {
            throw new DmException(manifest + ": cannot read: " + e.getMessage(), e);
        }
        if (filter.sources() != null) {
            for (String want : filter.sources()) {
                if (!splitSources.contains(want)) {
                    throw new DmException(manifest + ": no samples of source '" + want + "' in split '" + split
                            + "' (key 'sources'; the split has " + String.join(", ", splitSources) + ")");
                }
            }
        }
        if (out.isEmpty() && captionExcluded > 0) {
            throw new DmException(manifest + ": key 'exclude_captions' leaves none of the " + captionExcluded
                    + " samples of split '" + split + "'");
        }
        if (out.isEmpty()) throw new DmException(manifest + ": no samples in split '" + split + "'");
        return new GreenDataset(dir, List.copyOf(out), resolution, captionExcluded);
    }

    public int size() {
        return samples.size();
    }

    /** Samples of the split (and selected sources) left out by the caption patterns. */
    public int captionExcluded() {
        return captionExcluded;
    }

    public Sample sample(int index) {
        return samples.get(index);
    }

    /**
     * min(n, size()) samples at indices floor(i size() / n): spread over the sorted split rather than its first n ids,
     * which would all come from one source.
     */
    public List<Sample> spread(int n) {
        int count = Math.min(n, samples.size());
        List<Sample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(samples.get((int) ((long) i * samples.size() / count)));
        return out;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Loads samples by index.
     *
     * @param withForeground also read fg/ (the matting head needs it)
     */
    public DataBatch load(int[] indices, boolean withForeground) {
        List<RgbImage> images = new ArrayList<>();
        List<AlphaMap> alphas = new ArrayList<>();
        List<RgbImage> fgs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int i : indices) {
            Sample s = samples.get(i);
            ids.add(s.id());
            captions.add(s.caption());
            images.add(checkSize(ImageFiles.readRgb(file("image", s.id())), s.id(), "image"));
            AlphaMap a = ImageFiles.readAlpha(file("alpha", s.id()));
            if (a.width() != resolution || a.height() != resolution) throw sizeError(s.id(), "alpha", a.width(), a.height());
            alphas.add(a);
            if (withForeground) fgs.add(checkSize(ImageFiles.readRgb(file("fg", s.id())), s.id(), "fg"));
        }
        Tensor image = ImageTensors.fromRgb(images);                 // [B,3,H,W] in [-1,1]
        Tensor alpha = ImageTensors.fromAlpha(alphas);               // [B,1,H,W] in [0,1]
        Tensor fg = withForeground ? ImageTensors.fromRgb(fgs) : null;
        return new DataBatch(ids, captions, indices.clone(), image, alpha, fg);
    }

    private Path file(String sub, String id) {
        Path p = dir.resolve(sub).resolve(id + ".png");
        if (!Files.isRegularFile(p)) throw new DmException("data_dir " + dir + ": missing file " + sub + "/" + id + ".png");
        return p;
    }

    private RgbImage checkSize(RgbImage img, String id, String sub) {
        if (img.width() != resolution || img.height() != resolution) throw sizeError(id, sub, img.width(), img.height());
        return img;
    }

    private DmException sizeError(String id, String sub, int w, int h) {
        return new DmException("data_dir " + dir + ": " + sub + "/" + id + ".png is " + w + "x" + h
                + ", but resolution is " + resolution + " (key 'resolution')");
    }
}
