package org.diffumatting.train.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.diffumatting.common.DmException;

/**
 * Which samples of a split a run trains on (training-config keys {@code sources} and {@code exclude_captions}).
 * A sample is kept when its manifest {@code source} is one of {@code sources} (any source when null) and no pattern
 * of {@code excludeCaptions} is found in its caption (case-insensitive {@link java.util.regex.Matcher#find()}), e.g.
 * {@code "skin tone"} leaves out the five skin-tone variants of each people emoji, which otherwise make up half of
 * the emoji sources.
 *
 * @param sources manifest source values to keep (in config order, for messages), or null for all
 * @param excludeCaptions compiled caption patterns (empty: none)
 */
public record SampleFilter(Set<String> sources, List<Pattern> excludeCaptions) {
    /** Every sample of the split. */
    public static final SampleFilter ALL = new SampleFilter(null, List.of());

    public SampleFilter {
        sources = sources == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(sources));
        excludeCaptions = List.copyOf(excludeCaptions);
    }

    /** The filter of the config keys: {@code sources} (null: all) and {@code exclude_captions} (null: none). */
    public static SampleFilter of(Collection<String> sources, List<String> excludeCaptions) {
        return new SampleFilter(sources == null ? null : new LinkedHashSet<>(sources), compile(excludeCaptions));
    }

    /**
     * Compiles caption patterns (case-insensitive).
     *
     * @throws DmException naming the key and the pattern that is not a valid regular expression
     */
    private static List<Pattern> compile(List<String> patterns) {
        List<Pattern> out = new ArrayList<>();
        if (patterns == null) return out;
        for (String p : patterns) {
            try {
                out.add(Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                throw new DmException("key 'exclude_captions': '" + p + "' is not a regular expression: " + e.getDescription());
            }
        }
        return out;
    }

    /** True when {@code source} passes the 'sources' part. */
    public boolean keepsSource(String source) {
        return sources == null || sources.contains(source);
    }

    /** True when no 'exclude_captions' pattern occurs in {@code caption}. */
    public boolean keepsCaption(String caption) {
        for (Pattern p : excludeCaptions) {
            if (p.matcher(caption).find()) return false;
        }
        return true;
    }
}
