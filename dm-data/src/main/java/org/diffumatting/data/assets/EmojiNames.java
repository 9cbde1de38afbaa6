package org.diffumatting.data.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.diffumatting.common.DmException;

/**
 * Emoji names and keywords from emoji-datasource's {@code emoji.json} (fields name, unified,
 * non_qualified, short_names, category, subcategory, skin_variations), looked up by code point
 * sequence (lower-case hex joined by '-', with or without FE0F) or by hyphenated name.
 */
public final class EmojiNames {

    /** One emoji: canonical code points (lower case, FE0F removed), name, keywords. */
    public record Entry(String codepoints, String name, List<String> keywords) {}

    private final Map<String, Entry> byCodepoints = new HashMap<>();
    private final Map<String, Entry> bySlug = new HashMap<>();
    private final Map<String, Entry> byShortSlug = new HashMap<>(); // fallback: short names ("alien", "point-down")

    private static final String[] SKIN = {"1f3fb", "light skin tone", "1f3fc", "medium-light skin tone", "1f3fd", "medium skin tone",
            "1f3fe", "medium-dark skin tone", "1f3ff", "dark skin tone"};

    public static EmojiNames load(Path emojiJson) {
        try {
            JsonNode root = new ObjectMapper().readTree(emojiJson.toFile());
            EmojiNames names = new EmojiNames();
            for (JsonNode e : root) names.add(e);
            return names;
        } catch (IOException e) {
            throw new DmException("cannot read emoji names " + emojiJson + ": " + e.getMessage(), e);
        }
    }

    private void add(JsonNode e) {
        String name = e.path("name").asText("").toLowerCase(Locale.ROOT);
        if (name.isEmpty()) return;
        List<String> kw = new ArrayList<>();
        e.path("short_names").forEach(n -> kw.add(n.asText().replace('_', ' ')));
        String sub = e.path("subcategory").asText("");
        if (!sub.isEmpty()) kw.add(sub.replace('-', ' '));
        String cat = e.path("category").asText("");
        if (!cat.isEmpty()) kw.add(cat.toLowerCase(Locale.ROOT));
        String unified = e.path("unified").asText().toLowerCase(Locale.ROOT);
        Entry entry = new Entry(canonical(unified), name, List.copyOf(kw));
        put(unified, entry);
        if (!e.path("non_qualified").isNull()) put(e.path("non_qualified").asText().toLowerCase(Locale.ROOT), entry);
        bySlug.putIfAbsent(slug(name), entry);
        e.path("short_names").forEach(n -> byShortSlug.putIfAbsent(slug(n.asText()), entry));
        JsonNode skins = e.path("skin_variations");
        skins.fields().forEachRemaining(f -> {
            String u = f.getValue().path("unified").asText().toLowerCase(Locale.ROOT);
            String tones = skinWords(f.getKey().toLowerCase(Locale.ROOT));
            Entry se = new Entry(canonical(u), name + (tones.isEmpty() ? "" : ", " + tones), entry.keywords());
            put(u, se);
        });
    }

    private static String skinWords(String key) {
        List<String> out = new ArrayList<>();
        for (String part : key.split("-")) {
            for (int i = 0; i < SKIN.length; i += 2) if (SKIN[i].equals(part)) out.add(SKIN[i + 1]);
        }
        return String.join(" and ", out.stream().distinct().toList());
    }

    private void put(String codepoints, Entry e) {
        byCodepoints.putIfAbsent(codepoints, e);
        byCodepoints.putIfAbsent(canonical(codepoints), e);
    }

    /** Lower-case code points with every FE0F removed. */
    public static String canonical(String codepoints) {
        String c = codepoints.toLowerCase(Locale.ROOT).replace("-fe0f", "").replace("fe0f-", "");
        return c.equals("fe0f") ? codepoints : c;
    }

    /** "Grinning Face!" -> "grinning-face". */
    public static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    public Entry byCodepoints(String codepoints) {
        Entry e = byCodepoints.get(codepoints.toLowerCase(Locale.ROOT));
        return e != null ? e : byCodepoints.get(canonical(codepoints));
    }

    /** By hyphenated Unicode name, else by hyphenated short name. */
    public Entry bySlug(String slug) {
        Entry e = bySlug.get(slug);
        return e != null ? e : byShortSlug.get(slug);
    }

    public int size() {
        return bySlug.size();
    }
}
