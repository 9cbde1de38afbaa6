package org.diffumatting.data.assets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.diffumatting.data.fetch.CacheLayout;
import org.diffumatting.data.fetch.SourceCatalog;
import org.diffumatting.data.fetch.SourceSpec;

/**
 * Lists the source objects of every fetched object/sprite source, with names for captions and
 * split groups, in a deterministic (sorted) order. Objects whose names cannot be found are
 * reported as skipped, never guessed.
 */
public final class AssetIndex {

    /** The objects found and the files skipped while indexing (path: reason). */
    public record Result(List<AssetObject> objects, List<String> skipped) {}

    /** Clip-art folders that hold patterns and gradients rather than objects. */
    static final List<String> OPENCLIPART_EXCLUDED = List.of("special/");

    /** Readable names of the effect sprites (chosen by name: see docs/DATA.md). */
    static final Map<String, String> SPRITE_NAMES = Map.ofEntries(
            Map.entry("explode", "burst of fire from an explosion"), Map.entry("gfx_bubble_a", "soap bubble"),
            Map.entry("gfx_rocketFlame_a", "rocket flame"), Map.entry("particle_water", "splash of water droplets"),
            Map.entry("smoke", "puff of grey smoke"), Map.entry("smoke_black", "puff of black smoke"),
            Map.entry("smoke_brown", "puff of brown smoke"), Map.entry("smoke_nitro", "blue nitro smoke"),
            Map.entry("smoke_red", "puff of red smoke"), Map.entry("smoke_yellow", "puff of yellow smoke"),
            Map.entry("stk_glassOrangeCocktail_a", "glass of orange cocktail"), Map.entry("stk_glassPanel_a", "translucent glass panel"),
            Map.entry("stk_headlight_halo_a", "glowing headlight halo"), Map.entry("stktex_fireCloud_a", "cloud of fire"),
            Map.entry("stktex_nebulaCloud_a", "glowing nebula cloud"), Map.entry("stktex_yellowNebulaCloud_a", "yellow nebula cloud"),
            Map.entry("water-splash", "water splash"), Map.entry("smoke_acid", "cloud of green acid smoke"));

    private final CacheLayout cache;
    private final SourceCatalog catalog;

    public AssetIndex(CacheLayout cache, SourceCatalog catalog) {
        this.cache = cache;
        this.catalog = catalog;
    }

    /**
     * Indexes the object and sprite sources listed in {@code sourceNames} (all when empty).
     * The emoji name table is required for the emoji sets.
     *
     * @param spriteCopies augmented samples per effect sprite (there are few sprites)
     */
    public Result index(List<String> sourceNames, int copies, int spriteCopies) {
        List<AssetObject> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        EmojiNames names = null;
        for (SourceSpec s : catalog.all()) {
            if (!(s.role().equals("objects") || s.role().equals("sprites"))) continue;
            if (!sourceNames.isEmpty() && !sourceNames.contains(s.name())) continue;
            Path dir = cache.requireSource(s);
            if (s.name().equals("twemoji") || s.name().equals("fluent") || s.name().equals("noto")) {
                if (names == null) names = EmojiNames.load(cache.requireSource(catalog.get("emoji-names")).resolve("package/emoji.json"));
            }
            switch (s.name()) {
                case "twemoji" -> codepointEmoji(s, dir.resolve("package/dist/svg"), ".svg", true, names, copies, out, skipped);
                case "noto" -> codepointEmoji(s, dir.resolve("package/img/google/64"), ".png", false, names, copies, out, skipped);
                case "fluent" -> fluent(s, dir.resolve("package/icons/modern"), names, copies, out);
                case "openclipart" -> openclipart(s, dir.resolve("usr/share/openclipart/png"), copies, out);
                default -> {
                    if (s.role().equals("sprites")) sprites(s, dir, spriteCopies, out, skipped);
                }
            }
        }
        out.sort(Comparator.comparing(AssetObject::id));
        return new Result(out, skipped);
    }

    private static List<Path> list(Path dir, String ext) {
        try (Stream<Path> w = Files.walk(dir)) {
            return w.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    /** File-name-safe id part. */
    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    private static void codepointEmoji(SourceSpec s, Path dir, String ext, boolean svg, EmojiNames names, int copies,
                                       List<AssetObject> out, List<String> skipped) {
        for (Path f : list(dir, ext)) {
            String cp = stem(f);
            EmojiNames.Entry e = names.byCodepoints(cp);
            if (e == null) {
                skipped.add(s.name() + "/" + f.getFileName() + ": no name in emoji.json");
                continue;
            }
            out.add(new AssetObject(s.name() + "-" + safe(cp), s.name(), "emoji-" + e.codepoints(), s.licence(), f, svg,
                    e.name(), e.keywords(), "emoji", copies));
        }
    }

    private static final String[] FLUENT_TONES = {"-medium-light", "medium-light skin tone", "-medium-dark", "medium-dark skin tone",
            "-default", "", "-light", "light skin tone", "-medium", "medium skin tone", "-dark", "dark skin tone"};

    private static void fluent(SourceSpec s, Path dir, EmojiNames names, int copies, List<AssetObject> out) {
        for (Path f : list(dir, ".svg")) {
            String st = stem(f);
            String base = st, tone = "";
            EmojiNames.Entry e = names.bySlug(st);
            if (e == null) {
                for (int i = 0; i < FLUENT_TONES.length; i += 2) {
                    if (st.endsWith(FLUENT_TONES[i])) {
                        base = st.substring(0, st.length() - FLUENT_TONES[i].length());
                        tone = FLUENT_TONES[i + 1];
                        e = names.bySlug(base);
                        break;
                    }
                }
            }
            String name = base.replace('-', ' ') + (tone.isEmpty() ? "" : ", " + tone);
            // skin-tone variants of one emoji are one object family: they share the base emoji's split group
            // unmatched: all skin tones of one Fluent emoji still share a group
            String group = e != null ? "emoji-" + e.codepoints() : "fluent-" + base;
            out.add(new AssetObject(s.name() + "-" + safe(st), s.name(), group, s.licence(), f, true, name,
                    e != null ? e.keywords() : List.of(), "emoji", copies));
        }
    }

    private static void openclipart(SourceSpec s, Path dir, int copies, List<AssetObject> out) {
        List<Path> files = list(dir, ".png");
        List<String> stems = files.stream().map(AssetIndex::stem).toList();
        OpenclipartNames namer = new OpenclipartNames(stems);
        for (Path f : files) {
            String rel = dir.relativize(f).toString().replace('\\', '/');
            if (OPENCLIPART_EXCLUDED.stream().anyMatch(rel::startsWith)) continue;
            Path parent = dir.relativize(f).getParent();
            List<String> folders = new ArrayList<>();
            if (parent != null) for (Path p : parent) folders.add(p.toString().replace('_', ' ').replace("-theme", ""));
            String name = namer.name(stem(f));
            if (name.isEmpty() || name.length() < 3) name = folders.isEmpty() ? "object" : folders.get(folders.size() - 1);
            String id = s.name() + "-" + safe(rel.substring(0, rel.length() - 4).replace('/', '.'));
            out.add(new AssetObject(id, s.name(), id, s.licence(), f, false, name, List.copyOf(folders), "clipart", copies));
        }
    }

    private static void sprites(SourceSpec s, Path dir, int copies, List<AssetObject> out, List<String> skipped) {
        for (Path f : list(dir, ".png")) {
            String st = stem(f);
            String name = SPRITE_NAMES.get(st);
            if (name == null && st.matches("nebula\\d+")) name = "colourful space nebula";
            if (name == null) {
                skipped.add(s.name() + "/" + f.getFileName() + ": no sprite name");
                continue;
            }
            String parent = f.getParent().getFileName().toString();
            String id = s.name() + "-" + safe(parent.equals("textures") || parent.equals("nebulae") ? st : parent + "." + st);
            out.add(new AssetObject(id, s.name(), id, s.licence(), f, false, name, List.of("effect"), "sprite", copies));
        }
    }
}
