package org.diffumatting.data.assets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns Open Clip Art file names into object names without the author's name.
 *
 * <p>The Debian package names most files {@code <title>_<author>_NN.png} (or with a trailing
 * {@code _}), the stem cut to 24 characters, words joined by {@code _}: e.g.
 * {@code table_tennis_omar_abo-na_01}, {@code armadillo_architetto_fra_01}. Author names recur across
 * many files while title words mostly do not, so over the whole collection we count, for each
 * word, how many signed stems contain it after the first position; the author part starts at the
 * split (among the last three words) whose first word is most frequent (earliest on ties).
 * Stems without the signature suffix (theme icons, flags, stars) are kept whole.
 */
public final class OpenclipartNames {
    private final Map<String, Integer> laterWordCount = new HashMap<>();

    /** Learns word frequencies from all file stems (file names without ".png"). */
    public OpenclipartNames(List<String> stems) {
        for (String s : stems) {
            String[] w = signedWords(s);
            if (w == null) continue;
            for (int i = 1; i < w.length; i++) laterWordCount.merge(w[i], 1, Integer::sum);
        }
    }

    /** Words of a signed stem (with the {@code _NN} or trailing {@code _} removed), or null if unsigned. */
    static String[] signedWords(String stem) {
        String s = stem.toLowerCase(Locale.ROOT);
        boolean signed;
        if (s.matches(".*_\\d\\d")) {
            s = s.substring(0, s.length() - 3);
            signed = true;
        } else if (s.endsWith("_")) {
            s = s.substring(0, s.length() - 1);
            signed = true;
        } else signed = false;
        if (!signed) return null;
        String[] w = Arrays.stream(s.split("_")).filter(x -> !x.isEmpty()).toArray(String[]::new);
        return w.length >= 2 ? w : null;
    }

    /** The object name of a file stem: title words only, '-' and '_' as spaces. */
    public String name(String stem) {
        String[] w = signedWords(stem);
        List<String> title = new ArrayList<>();
        if (w == null) {
            String s = stem.toLowerCase(Locale.ROOT).replaceAll("_\\d+$", "");
            title.addAll(Arrays.asList(s.split("[_\\s]+")));
        } else {
            int best = Math.max(1, w.length - 3), bestCount = -1;
            for (int i = Math.max(1, w.length - 3); i < w.length; i++) {
                int c = laterWordCount.getOrDefault(w[i], 0);
                if (c > bestCount) {
                    bestCount = c;
                    best = i;
                }
            }
            title.addAll(Arrays.asList(w).subList(0, best));
        }
        String name = String.join(" ", title).replace('-', ' ').replaceAll("\\b(gnome mime|mime|icon|theme)\\b", " ")
                .replaceAll("[^a-z0-9 ]+", " ").replaceAll("\\b\\d+(pt)?\\d*(step)?\\b", " ").replaceAll("\\s+", " ").trim();
        return name;
    }
}
