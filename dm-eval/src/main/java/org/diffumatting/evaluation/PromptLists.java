package org.diffumatting.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.diffumatting.common.DmException;
import org.diffumatting.train.data.GreenDataset;

/**
 * The two prompt lists of the generated-sample evaluation:
 * <ul>
 *   <li>unseen: {@code prompts-unseen.txt} (this package's resource), 100 everyday objects whose words occur in no
 *       name, short name, category or file name of the data set's sources (Twemoji, Fluent, Noto, emoji-datasource,
 *       Openclipart, STK sprites: checked when the list was written; {@link #unseenWordsInCaptions} re-checks against
 *       the actual training captions at evaluation time);</li>
 *   <li>seen: drawn from the distinct non-blank captions of the training split, sorted, taking the captions at
 *       indices floor(i * n / count), i = 0 .. count-1 (evenly spread, no randomness: the same manifest always gives
 *       the same list).</li>
 * </ul>
 */
public final class PromptLists {
    public static final String UNSEEN_RESOURCE = "prompts-unseen.txt";
    /** Prompts per list. */
    public static final int COUNT = 100;

    private PromptLists() {}

    /** The committed unseen list, in file order (blank lines and lines starting with # skipped). */
    public static List<String> unseen() {
        try (InputStream in = PromptLists.class.getResourceAsStream(UNSEEN_RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + UNSEEN_RESOURCE + " missing from the dm-eval jar");
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) out.add(s);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + UNSEEN_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Distinct non-blank captions of {@code train}, sorted. */
    public static List<String> distinctCaptions(GreenDataset train) {
        Set<String> set = new TreeSet<>();
        for (int i = 0; i < train.size(); i++) {
            String c = train.sample(i).caption().strip();
            if (!c.isEmpty()) set.add(c);
        }
        return new ArrayList<>(set);
    }

    /**
     * {@code count} evenly spread captions of the training split (all of them when there are fewer).
     *
     * @throws DmException when the training split has no caption
     */
    public static List<String> seen(GreenDataset train, int count) {
        List<String> all = distinctCaptions(train);
        if (all.isEmpty()) throw new DmException("data_dir " + train.dir() + ": the training split has no caption (field 'caption' of manifest.jsonl)");
        int n = all.size();
        if (n <= count) return all;
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) out.add(all.get((int) ((long) i * n / count)));
        return new ArrayList<>(out);
    }

    /** Unseen prompts of which a word of 4+ letters (not "pair") occurs as a whole word in a training caption. */
    public static List<String> unseenWordsInCaptions(List<String> unseen, List<String> captions) {
        Set<String> vocab = new TreeSet<>();
        for (String c : captions) for (String w : words(c)) vocab.add(w);
        List<String> hits = new ArrayList<>();
        for (String p : unseen) {
            for (String w : words(p)) {
                if (w.length() >= 4 && !w.equals("pair") && (vocab.contains(w) || vocab.contains(w + "s"))) {
                    hits.add(p);
                    break;
                }
            }
        }
        return hits;
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String w : s.toLowerCase(Locale.ROOT).split("[^a-z]+")) if (!w.isEmpty()) out.add(w);
        return out;
    }
}
