package org.diffumatting.models.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "basic" pre-tokenizer of BERT, as in transformers' {@code BasicTokenizer}
 * (models/bert/tokenization_bert.py, also copied into models/clip/tokenization_clip.py) and the
 * Hugging Face tokenizers {@code BertNormalizer} + {@code BertPreTokenizer}:
 * <ol>
 *   <li>clean: drop U+0000, U+FFFD and control characters (category C*, except \t \n \r), map
 *       whitespace (space, \t, \n, \r, category Zs) to ' ';</li>
 *   <li>put spaces around CJK ideographs (the CJK Unified Ideographs blocks);</li>
 *   <li>optionally NFC-normalise (transformers' slow tokenizers do, the tokenizers library does not);</li>
 *   <li>split on whitespace; per word: optionally lower-case, optionally strip accents (NFD then
 *       drop category Mn), optionally split punctuation into single-character words.</li>
 * </ol>
 * CLIP without ftfy uses {@code (lowerCase, no accent stripping, no punctuation split, NFC)};
 * BERT uncased (MiniLM) uses {@code (lowerCase, strip accents, split punctuation, no NFC)}.
 */
public final class BasicTokenizer {
    private final boolean lowerCase;
    private final boolean stripAccents;
    private final boolean splitOnPunctuation;
    private final boolean nfc;

    public BasicTokenizer(boolean lowerCase, boolean stripAccents, boolean splitOnPunctuation, boolean nfc) {
        this.lowerCase = lowerCase;
        this.stripAccents = stripAccents;
        this.splitOnPunctuation = splitOnPunctuation;
        this.nfc = nfc;
    }

    /** The settings CLIPTokenizer uses when ftfy is absent: BasicTokenizer(strip_accents=False, do_split_on_punc=False). */
    public static BasicTokenizer forClip() {
        return new BasicTokenizer(true, false, false, true);
    }

    /** BertNormalizer(clean_text, handle_chinese_chars, lowercase, strip_accents=None->lowercase) + BertPreTokenizer. */
    public static BasicTokenizer forBertUncased() {
        return new BasicTokenizer(true, true, true, false);
    }

    /** Splits {@code text} into words (never null; empty for blank text). */
    public List<String> tokenize(String text) {
        String cleaned = padCjk(clean(text));
        if (nfc) {
            cleaned = Normalizer.normalize(cleaned, Normalizer.Form.NFC);
        }
        List<String> words = new ArrayList<>();
        for (String word : splitWhitespace(cleaned)) {
            String w = word;
            if (lowerCase) {
                w = w.toLowerCase(Locale.ROOT);
            }
            if (stripAccents) {
                w = stripAccents(w);
            }
            if (splitOnPunctuation) {
                splitPunctuation(w, words);
            } else if (!w.isEmpty()) {
                words.add(w);
            }
        }
        // transformers re-splits the joined words, which removes empties and whitespace created above.
        return splitWhitespace(String.join(" ", words));
    }

    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
            }
            out.appendCodePoint(isWhitespace(cp) ? ' ' : cp);
        });
        return out.toString();
    }

    static String padCjk(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (isCjk(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    static String stripAccents(String word) {
        String nfd = Normalizer.normalize(word, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(nfd.length());
        nfd.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static void splitPunctuation(String word, List<String> out) {
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            i += Character.charCount(cp);
            if (isPunctuation(cp)) {
                if (current.length() > 0) {
                    out.add(current.toString());
                    current.setLength(0);
                }
                out.add(new String(Character.toChars(cp)));
            } else {
                current.appendCodePoint(cp);
            }
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
    }

    /** Python's str.split(): runs of Unicode whitespace separate words; no empty words. */
    public static List<String> splitWhitespace(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean space = isPythonSpace(cp);
            if (space && start >= 0) {
                out.add(text.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** Python str.isspace(): Java whitespace plus the no-break spaces and NEL. */
    static boolean isPythonSpace(int cp) {
        return Character.isWhitespace(cp) || cp == 0x85 || cp == 0xA0 || cp == 0x2007 || cp == 0x202F;
    }

    /** transformers _is_whitespace: ' ', \t, \n, \r, or category Zs. */
    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    /** transformers _is_control: category C* except \t \n \r (which count as whitespace). */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
    }

    /** transformers _is_punctuation: all non-alphanumeric ASCII printable characters, or category P*. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    /** The CJK Unified Ideographs blocks of BERT's _is_chinese_char. */
    static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
