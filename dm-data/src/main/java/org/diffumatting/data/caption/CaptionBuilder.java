package org.diffumatting.data.caption;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.diffumatting.data.assets.AssetObject;
import org.diffumatting.data.build.SampleRng;

/**
 * Natural captions for asset samples from the object's name and keywords (emoji names and short
 * names, Fluent file names, clip-art folders and file-name words without the author, sprite names),
 * with several templates per style; the template is drawn from the sample's own rng, so a caption
 * is deterministic per (seed, sample id).
 */
public final class CaptionBuilder {
    private CaptionBuilder() {}

    public static String caption(AssetObject o, SampleRng rng) {
        String name = clean(o.name());
        String a = article(name);
        String kw = keyword(o, name, rng);
        List<String> t = new ArrayList<>();
        switch (o.style()) {
            case "emoji" -> {
                t.add(a + " " + name + " emoji");
                t.add(name);
                t.add("an emoji of " + a + " " + name);
                t.add(a + " " + name + " icon in emoji style");
                t.add("a cartoon " + name);
                if (kw != null) {
                    t.add(a + " " + name + " emoji, " + kw);
                    t.add(name + " (" + kw + ")");
                }
            }
            case "clipart" -> {
                t.add("clip art of " + a + " " + name);
                t.add("a drawing of " + a + " " + name);
                t.add(a + " " + name + " illustration");
                t.add(name);
                if (kw != null) {
                    t.add(a + " " + name + ", " + kw + " clip art");
                    t.add(kw + ": " + a + " " + name);
                }
            }
            default -> {
                t.add(a + " " + name);
                t.add(a + " " + name + " effect");
                t.add("a soft, semi-transparent " + name);
                t.add(name + " sprite");
            }
        }
        return t.get(rng.nextInt(t.size()));
    }

    /** A keyword that adds information (not a word of the name), or null. */
    private static String keyword(AssetObject o, String name, SampleRng rng) {
        List<String> useful = new ArrayList<>();
        for (String k : o.keywords()) {
            String c = clean(k);
            if (c.isEmpty() || name.contains(c) || c.equals("png")) continue;
            useful.add(c);
        }
        return useful.isEmpty() ? null : useful.get(rng.nextInt(useful.size()));
    }

    static String clean(String s) {
        return s.toLowerCase(Locale.ROOT).replace('_', ' ').replaceAll("\\s+", " ").trim();
    }

    /** "a" or "an" by the first letter (digits and plural-looking names keep "a"). */
    public static String article(String word) {
        if (word.isEmpty()) return "a";
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }
}
