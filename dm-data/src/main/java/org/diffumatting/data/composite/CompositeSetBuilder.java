package org.diffumatting.data.composite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.common.DmException;
import org.diffumatting.data.build.SplitAssigner;
import org.diffumatting.data.fetch.CacheLayout;
import org.diffumatting.data.fetch.SourceCatalog;
import org.diffumatting.matting.composite.CompositeDatasetBuilder;

/**
 * {@code dm data build-composites}: a composite set for matting models. Foregrounds (fg/ + alpha/)
 * of a built green set are placed on random crops of the real photographs with the matting
 * toolkit's {@link CompositeDatasetBuilder} (random zoom, crop, flips; trimaps from alpha), one
 * output folder per split: {@code OUT/train}, {@code OUT/val}, {@code OUT/test}, each with image/,
 * alpha/, fg/, bg/, trimap/ and manifest.json. Foregrounds keep the green set's split, and the
 * photos are split too (by name, with the same val/test fractions), so no object and no photo is
 * shared between splits.
 */
public final class CompositeSetBuilder {

    /**
     * @param greenset      folder written by build-greenset
     * @param out           output folder
     * @param cache         cache of `dm data fetch` (null: default)
     * @param perForeground composites per foreground
     * @param seed          seed of the compositor
     * @param maxPerSplit   at most this many foregrounds per split, evenly spaced (0: all)
     * @param backgroundSide larger side of the cached photos
     */
    public record Request(Path greenset, Path out, Path cache, int perForeground, long seed, int maxPerSplit, int backgroundSide,
                          SplitAssigner splits) {}

    /** Samples written per split. */
    public record Result(Map<String, Integer> perSplit, int backgrounds) {}

    private CompositeSetBuilder() {}

    public static Result build(Request r, PrintStream log) {
        Path manifest = r.greenset().resolve("manifest.jsonl");
        if (!Files.isRegularFile(manifest))
            throw new DmException("no manifest.jsonl in " + r.greenset() + ": run `dm data build-greenset --out " + r.greenset() + "` first");
        Map<String, List<CompositeDatasetBuilder.ForegroundSource>> bySplit = new TreeMap<>();
        ObjectMapper om = new ObjectMapper();
        try {
            for (String line : Files.readAllLines(manifest)) {
                if (line.isBlank()) continue;
                JsonNode n = om.readTree(line);
                String id = n.path("id").asText();
                bySplit.computeIfAbsent(n.path("split").asText(), k -> new ArrayList<>()).add(new CompositeDatasetBuilder.ForegroundSource(
                        id, r.greenset().resolve("fg").resolve(id + ".png"), r.greenset().resolve("alpha").resolve(id + ".png")));
            }
        } catch (IOException e) {
            throw new DmException("cannot read " + manifest + ": " + e.getMessage(), e);
        }
        List<BackgroundPhotos.Photo> photos = BackgroundPhotos.prepare(CacheLayout.of(r.cache()), SourceCatalog.bundled(), r.backgroundSide());
        if (photos.isEmpty()) throw new DmException("no background photos in the cache: run `dm data fetch` first");
        Map<String, Integer> counts = new TreeMap<>();
        for (Map.Entry<String, List<CompositeDatasetBuilder.ForegroundSource>> e : bySplit.entrySet()) {
            String split = e.getKey();
            List<Path> bgs = new ArrayList<>();
            for (BackgroundPhotos.Photo p : photos) if (r.splits().split("photo/" + p.name()).equals(split)) bgs.add(p.file());
            if (bgs.isEmpty()) { // too few photos for this split: fall back to all photos rather than none
                for (BackgroundPhotos.Photo p : photos) bgs.add(p.file());
            }
            List<CompositeDatasetBuilder.ForegroundSource> fgs = thin(e.getValue(), r.maxPerSplit());
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("greenset", r.greenset().toString());
            inputs.put("split", split);
            if (log != null) log.printf("composites %-5s: %d foregrounds x %d on %d photos%n", split, fgs.size(), r.perForeground(), bgs.size());
            // build into a hidden folder, then replace the split folder: no stale files from an earlier build survive
            Path target = r.out().resolve(split), building = r.out().resolve("." + split + ".building");
            if (Files.exists(target) && !Files.isRegularFile(target.resolve("manifest.json")))
                throw new DmException(target + " exists and is not a composite set: choose another --out");
            deleteTree(building);
            CompositeDatasetBuilder.Result res = CompositeDatasetBuilder.build(fgs, bgs, CompositeDatasetBuilder.Params.of(r.perForeground(), r.seed()),
                    building, inputs);
            deleteTree(target);
            try {
                Files.move(building, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException ex) {
                throw new DmException("cannot move " + building + " to " + target + ": " + ex.getMessage(), ex);
            }
            counts.put(split, res.samples());
        }
        StringBuilder attr = new StringBuilder();
        Path ga = r.greenset().resolve("ATTRIBUTION.md");
        try {
            if (Files.isRegularFile(ga)) attr.append(Files.readString(ga)).append('\n');
        } catch (IOException e) {
            throw new DmException("cannot read " + ga + ": " + e.getMessage(), e);
        }
        attr.append("## Background photographs\n\n");
        Map<String, String> bgLicences = new TreeMap<>();
        for (BackgroundPhotos.Photo p : photos) bgLicences.put(p.source(), p.licence());
        SourceCatalog cat = SourceCatalog.bundled();
        bgLicences.forEach((s, l) -> attr.append("- **").append(s).append("**: ").append(cat.get(s).attribution()).append(". Licence: ")
                .append(l).append(". Source: ").append(cat.get(s).pkg()).append(' ').append(cat.get(s).version()).append('\n'));
        AtomicFiles.writeString(r.out().resolve("ATTRIBUTION.md"), attr.toString());
        return new Result(counts, photos.size());
    }

    static void deleteTree(Path p) {
        try {
            AtomicFiles.deleteTree(p);
        } catch (IOException e) {
            throw new DmException("cannot remove " + p + ": " + e.getMessage(), e);
        }
    }

    static <T> List<T> thin(List<T> all, int max) {
        if (max <= 0 || all.size() <= max) return all;
        List<T> out = new ArrayList<>();
        for (int i = 0; i < max; i++) out.add(all.get((int) ((long) i * all.size() / max)));
        return out;
    }
}
