package org.diffumatting.data.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.common.DmException;
import org.diffumatting.data.assets.AssetIndex;
import org.diffumatting.data.assets.AssetObject;
import org.diffumatting.data.assets.ObjectRenderer;
import org.diffumatting.data.caption.CaptionBuilder;
import org.diffumatting.data.fetch.CacheLayout;
import org.diffumatting.data.fetch.SourceCatalog;
import org.diffumatting.data.fetch.SourceFetcher;
import org.diffumatting.data.fetch.SourceSpec;
import org.diffumatting.data.image.RgbaImage;
import org.diffumatting.data.procedural.FeatherGenerator;
import org.diffumatting.data.procedural.Generated;
import org.diffumatting.data.procedural.GlassBubbleGenerator;
import org.diffumatting.data.procedural.HairFurGenerator;
import org.diffumatting.data.procedural.MotionBlurGenerator;
import org.diffumatting.data.procedural.ProceduralGenerator;
import org.diffumatting.data.procedural.SmokeCloudGenerator;
import org.diffumatting.data.procedural.WireLaceGenerator;

/**
 * Builds the green-screen set: for every source object, {@code copies} augmented samples; for
 * every procedural generator, {@code perGenerator} samples. Output (one stem per sample):
 * <pre>
 *   OUT/image/&lt;id&gt;.png   object over pure green (0,255,0), 8-bit RGB
 *   OUT/alpha/&lt;id&gt;.png   alpha, 8-bit grey (16-bit with alpha16)
 *   OUT/fg/&lt;id&gt;.png      true object colours, 8-bit RGB (0 where alpha = 0)
 *   OUT/manifest.jsonl     one JSON line per sample, sorted by id
 *   OUT/ATTRIBUTION.md, OUT/build-report.txt (skipped files), OUT/.parts/ (per-sample records, for resuming)
 * </pre>
 * Deterministic: a sample depends only on (seed, sample id, source files), never on threads or
 * on resumption. Resumable: a sample whose record and files exist with matching SHA-256 and build
 * key is kept; the manifest is written atomically at the end from the records.
 */
public final class GreenSetBuilder {

    /** Summary of a build. */
    public record Result(int samples, int reused, int skipped, Map<String, Integer> perSplit, int distinctObjects,
                         int procedural, double seconds, boolean complete) {}

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false);

    /** One unit of work. */
    record Task(String id, AssetObject asset, ProceduralGenerator generator) {}

    private final GreenSetRequest req;
    private final PrintStream log;

    public GreenSetBuilder(GreenSetRequest req, PrintStream log) {
        this.req = req;
        this.log = log;
    }

    public static List<ProceduralGenerator> generators(MotionBlurGenerator.SubjectSource subjects) {
        return List.of(new HairFurGenerator(), new FeatherGenerator(), new SmokeCloudGenerator(), new GlassBubbleGenerator(),
                new MotionBlurGenerator(subjects), new WireLaceGenerator());
    }

    public Result build() {
        CacheLayout cache = CacheLayout.of(req.cache());
        SourceCatalog catalog = SourceCatalog.bundled();
        boolean noAssets = req.sources().equals(List.of("none"));
        List<AssetObject> assets = List.of();
        List<String> skippedIndex = List.of();
        if (!noAssets && (req.copies() > 0 || req.spriteCopies() > 0 || req.perGenerator() > 0)) {
            for (String s : req.sources()) catalog.get(s);
            AssetIndex.Result idx = new AssetIndex(cache, catalog).index(req.sources(), req.copies(), req.spriteCopies());
            assets = thin(idx.objects(), req.maxObjects());
            skippedIndex = idx.skipped();
        }
        for (AssetObject a : assets) byId.put(a.id(), a);
        ObjectRenderer renderer = new ObjectRenderer(cache.renders(req.size()), req.size());
        List<AssetObject> subjectPool = assets.stream().filter(a -> !a.style().equals("sprite")).toList();
        MotionBlurGenerator.SubjectSource subjects = subjectPool.isEmpty() ? null : rng -> {
            for (int attempt = 0; attempt < 10; attempt++) {
                AssetObject a = subjectPool.get(rng.nextInt(subjectPool.size()));
                try {
                    return new MotionBlurGenerator.Subject(renderer.load(a), a.name(), a.id(), a.group());
                } catch (ObjectRenderer.SkipException e) {
                    // try another subject
                }
            }
            return null;
        };

        List<Task> tasks = new ArrayList<>();
        for (AssetObject a : assets) {
            int n = a.style().equals("sprite") ? req.spriteCopies() : req.copies();
            for (int c = 0; c < n; c++) tasks.add(new Task(a.id() + "-" + c, a, null));
        }
        for (ProceduralGenerator g : generators(subjects)) {
            for (int i = 0; i < req.perGenerator(); i++) tasks.add(new Task(String.format("procedural-%s-%05d", g.name(), i), null, g));
        }
        tasks.sort((x, y) -> x.id().compareTo(y.id()));
        if (tasks.isEmpty()) throw new DmException("nothing to build: no objects from sources " + req.sources() + " and --procedural 0");

        Path out = req.out();
        Path parts = out.resolve(".parts");
        try {
            Files.createDirectories(parts);
            for (String d : List.of("image", "alpha", "fg")) Files.createDirectories(out.resolve(d));
        } catch (IOException e) {
            throw new DmException("cannot create output folder " + out + ": " + e.getMessage(), e);
        }
        String key = req.buildKey();
        ProgressBar bar = new ProgressBar(req.progress() ? System.err : null, "build-greenset", tasks.size());
        AtomicInteger written = new AtomicInteger(), reused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(req.threads());
        List<Future<Map<String, Object>>> futures = new ArrayList<>();
        for (Task t : tasks) {
            futures.add(pool.submit(() -> {
                if (req.stopAfterNew() > 0 && written.get() >= req.stopAfterNew()) return null;
                Map<String, Object> rec = reuse(parts, t, key);
                if (rec != null) {
                    reused.incrementAndGet();
                } else {
                    rec = make(t, renderer);
                    AtomicFiles.writeString(parts.resolve(t.id() + ".json"), JSON.writeValueAsString(rec));
                    written.incrementAndGet();
                }
                bar.step();
                return rec;
            }));
        }
        pool.shutdown();
        List<Map<String, Object>> records = new ArrayList<>();
        try {
            for (Future<Map<String, Object>> f : futures) {
                Map<String, Object> r = f.get();
                records.add(r);
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new DmException("build interrupted", e);
        } catch (ExecutionException e) {
            pool.shutdownNow();
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c);
        }
        bar.finish();
        if (records.contains(null)) {
            return new Result(written.get() + reused.get(), reused.get(), 0, Map.of(), 0, 0, bar.elapsedSeconds(), false);
        }
        return finish(records, skippedIndex, catalog, reused.get(), bar.elapsedSeconds());
    }

    /** Evenly spaced subset of at most {@code max} objects per source (all when max = 0). */
    static List<AssetObject> thin(List<AssetObject> all, int max) {
        if (max <= 0) return all;
        Map<String, List<AssetObject>> bySource = new TreeMap<>();
        for (AssetObject a : all) bySource.computeIfAbsent(a.source(), k -> new ArrayList<>()).add(a);
        List<AssetObject> out = new ArrayList<>();
        for (List<AssetObject> l : bySource.values()) {
            if (l.size() <= max) out.addAll(l);
            else for (int i = 0; i < max; i++) out.add(l.get((int) ((long) i * l.size() / max)));
        }
        out.sort((x, y) -> x.id().compareTo(y.id()));
        return out;
    }

    /**
     * The record of an already-built sample whose build key, object, split group and files (SHA-256)
     * still match what this build would write, or null.
     */
    private Map<String, Object> reuse(Path parts, Task t, String key) {
        String id = t.id();
        Path p = parts.resolve(id + ".json");
        if (!Files.isRegularFile(p)) return null;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> rec = JSON.readValue(p.toFile(), LinkedHashMap.class);
            if (!key.equals(rec.get("build_key"))) return null;
            if (t.asset() != null && !(t.asset().id().equals(rec.get("object")) && t.asset().group().equals(rec.get("group"))
                    && req.splits().split(t.asset().group()).equals(rec.get("split")))) return null;
            if (Boolean.TRUE.equals(rec.get("skipped"))) return rec;
            @SuppressWarnings("unchecked")
            Map<String, Object> sha = (Map<String, Object>) rec.get("sha256");
            for (String kind : List.of("image", "alpha", "fg")) {
                Path f = req.out().resolve(kind).resolve(id + ".png");
                if (!Files.isRegularFile(f) || !SourceFetcher.sha256(f).equals(sha.get(kind))) return null;
            }
            return rec;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Map<String, Object> make(Task t, ObjectRenderer renderer) throws IOException {
        SampleRng rng = SampleRng.of(req.seed(), t.id());
        RgbaImage placed;
        String caption, source, object, group, licence;
        Map<String, Object> aug;
        boolean procedural = t.generator() != null;
        if (procedural) {
            ProceduralGenerator g = t.generator();
            Generated gen = g.generate(req.size(), g.defaultSupersampling(), rng);
            placed = gen.image();
            caption = gen.caption();
            aug = new LinkedHashMap<>(gen.params());
            aug.put("supersampling", g.defaultSupersampling());
            source = "procedural-" + g.name();
            object = t.id();
            group = t.id();
            licence = "CC0-1.0";
            Object subject = gen.params().get("subject");
            if (subject instanceof String s && !s.startsWith("procedural ")) {
                // motion blur of a real asset: the asset's object and split group travel with the sample
                object = s;
                group = subjectGroup(s);
                licence = subjectLicence(s);
            }
        } else {
            AssetObject a = t.asset();
            Map<String, Object> rec = baseRecord(t.id(), a.source(), a.id(), a.group(), false, a.licence());
            RgbaImage obj;
            try {
                obj = renderer.load(a);
            } catch (ObjectRenderer.SkipException e) {
                rec.put("skipped", true);
                rec.put("reason", a.source() + "/" + a.file().getFileName() + ": " + e.getMessage());
                return rec;
            }
            ObjectPlacer.Placed p = ObjectPlacer.place(obj, req.size(), ObjectPlacer.DEFAULT, rng);
            placed = p.canvas();
            aug = p.params();
            caption = CaptionBuilder.caption(a, rng);
            source = a.source();
            object = a.id();
            group = a.group();
            licence = a.licence();
        }
        GreenEncoder.Encoded enc = GreenEncoder.encode(placed, req.alpha16());
        Map<String, Object> rec = baseRecord(t.id(), source, object, group, procedural, licence);
        rec.put("caption", caption);
        rec.put("soft_fraction", Math.round(enc.softFraction() * 1e6) / 1e6);
        rec.put("augmentation", aug);
        Map<String, Object> sha = new LinkedHashMap<>();
        byte[][] files = {enc.image(), enc.alpha(), enc.fg()};
        String[] kinds = {"image", "alpha", "fg"};
        for (int i = 0; i < 3; i++) {
            Path f = req.out().resolve(kinds[i]).resolve(t.id() + ".png");
            byte[] bytes = files[i];
            AtomicFiles.write(f, o -> o.write(bytes));
            sha.put(kinds[i], sha256(files[i]));
        }
        rec.put("sha256", sha);
        return rec;
    }

    private final Map<String, AssetObject> byId = new java.util.concurrent.ConcurrentHashMap<>();

    private String subjectGroup(String objectId) {
        AssetObject a = byId.get(objectId);
        return a == null ? objectId : a.group();
    }

    private String subjectLicence(String objectId) {
        AssetObject a = byId.get(objectId);
        return a == null ? "unknown" : a.licence();
    }

    private Map<String, Object> baseRecord(String id, String source, String object, String group, boolean procedural, String licence) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("id", id);
        rec.put("source", source);
        rec.put("object", object);
        rec.put("group", group);
        rec.put("split", req.splits().split(group));
        rec.put("procedural", procedural);
        rec.put("licence", licence);
        rec.put("size", req.size());
        rec.put("alpha_bits", req.alpha16() ? 16 : 8);
        rec.put("build_key", req.buildKey());
        return rec;
    }

    static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Result finish(List<Map<String, Object>> records, List<String> skippedIndex, SourceCatalog catalog, int reused, double seconds) {
        StringBuilder manifest = new StringBuilder();
        java.util.Set<String> skipped = new java.util.TreeSet<>(skippedIndex); // one line per skipped file, not per copy
        Map<String, Integer> perSplit = new TreeMap<>();
        Map<String, Integer> perSource = new TreeMap<>();
        java.util.Set<String> objects = new java.util.TreeSet<>();
        int procedural = 0, samples = 0;
        for (Map<String, Object> r : records) {
            if (Boolean.TRUE.equals(r.get("skipped"))) {
                skipped.add((String) r.get("reason"));
                continue;
            }
            Map<String, Object> line = new LinkedHashMap<>(r);
            line.remove("build_key");
            try {
                manifest.append(JSON.writeValueAsString(line)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            samples++;
            perSplit.merge((String) r.get("split"), 1, Integer::sum);
            perSource.merge((String) r.get("source"), 1, Integer::sum);
            if (Boolean.TRUE.equals(r.get("procedural"))) procedural++;
            else objects.add((String) r.get("object"));
        }
        Path out = req.out();
        AtomicFiles.writeString(out.resolve("manifest.jsonl"), manifest.toString());
        StringBuilder rep = new StringBuilder("# build-greenset report\nsamples " + samples + "\nskipped " + skipped.size() + "\n");
        perSource.forEach((k, v) -> rep.append("source ").append(k).append(' ').append(v).append('\n'));
        perSplit.forEach((k, v) -> rep.append("split ").append(k).append(' ').append(v).append('\n'));
        rep.append("distinct_source_objects ").append(objects.size()).append('\n');
        rep.append("# skipped files (source/file: reason)\n");
        skipped.forEach(s -> rep.append(s).append('\n'));
        AtomicFiles.writeString(out.resolve("build-report.txt"), rep.toString());
        AtomicFiles.writeString(out.resolve("ATTRIBUTION.md"), Attribution.markdown(catalog, perSource));
        return new Result(samples, reused, skipped.size(), perSplit, objects.size(), procedural, seconds, true);
    }
}
