package org.diffumatting.models.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.diffumatting.common.DmException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * BERT WordPiece tokenizer reading a Hugging Face {@code tokenizer.json} whose model is
 * {@code WordPiece} (e.g. all-MiniLM-L6-v2, bert-base-uncased). Algorithm (tokenizers' BertNormalizer +
 * BertPreTokenizer + WordPiece, transformers' BertTokenizer):
 * <ol>
 *   <li>{@link BasicTokenizer#forBertUncased()}: clean text, space CJK characters, lower-case, strip
 *       accents (NFD, drop Mn), split on whitespace and punctuation;</li>
 *   <li>per word, greedy longest-match-first over the vocabulary; pieces after the first carry the
 *       continuing prefix {@code ##}; a word with an unmatchable position, or longer than
 *       {@code max_input_chars_per_word} (100) characters, becomes {@code [UNK]};</li>
 *   <li>{@code [CLS] pieces[:maxLength-2] [SEP]}, padded with {@code [PAD]} to maxLength.</li>
 * </ol>
 */
public final class WordPieceTokenizer {
    private final Map<String, Integer> vocab;
    private final String prefix;
    private final int maxCharsPerWord;
    private final String unkToken;
    private final int unkId;
    private final int clsId;
    private final int sepId;
    private final int padId;
    private final BasicTokenizer basic;

    public WordPieceTokenizer(Map<String, Integer> vocab, String unkToken, String prefix, int maxCharsPerWord,
                              BasicTokenizer basic) {
        this.vocab = Map.copyOf(vocab);
        this.prefix = prefix;
        this.maxCharsPerWord = maxCharsPerWord;
        this.basic = basic;
        this.unkToken = unkToken;
        this.unkId = require(unkToken);
        this.clsId = require("[CLS]");
        this.sepId = require("[SEP]");
        this.padId = require("[PAD]");
    }

    private int require(String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new DmException("WordPiece vocabulary lacks the special token " + token);
        }
        return id;
    }

    /** Reads a tokenizer.json stream; {@code label} names it in errors (a path or a classpath resource). */
    public static WordPieceTokenizer load(InputStream in, String label) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new DmException(label + ": invalid JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new DmException(label + ": expected a tokenizer.json object");
        }
        JsonNode model = root.get("model");
        if (model == null || !"WordPiece".equals(model.path("type").asText())) {
            throw new DmException(label + ": model.type must be WordPiece, got " + (model == null ? "none" : model.path("type")));
        }
        JsonNode vocabNode = model.get("vocab");
        if (vocabNode == null || !vocabNode.isObject() || vocabNode.isEmpty()) {
            throw new DmException(label + ": model.vocab is missing or empty");
        }
        Map<String, Integer> vocab = new HashMap<>(vocabNode.size() * 2);
        Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isIntegralNumber()) {
                throw new DmException(label + ": model.vocab id of '" + e.getKey() + "' is not an integer");
            }
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        JsonNode norm = root.path("normalizer");
        boolean lower = norm.path("lowercase").asBoolean(true);
        JsonNode strip = norm.path("strip_accents");
        boolean stripAccents = strip.isBoolean() ? strip.asBoolean() : lower; // null follows lowercase
        BasicTokenizer basic = new BasicTokenizer(lower, stripAccents, true, false);
        try {
            return new WordPieceTokenizer(vocab, model.path("unk_token").asText("[UNK]"),
                    model.path("continuing_subword_prefix").asText("##"),
                    model.path("max_input_chars_per_word").asInt(100), basic);
        } catch (DmException e) {
            throw new DmException(label + ": " + e.getMessage(), e);
        }
    }

    /** WordPiece tokens of {@code text} (no [CLS]/[SEP]). */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String word : basic.tokenize(text)) {
            wordPiece(word, out);
        }
        return out;
    }

    private void wordPiece(String word, List<String> out) {
        if (word.codePointCount(0, word.length()) > maxCharsPerWord) {
            out.add(unkToken);
            return;
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            String match = null;
            while (start < end) {
                String candidate = (start > 0 ? prefix : "") + word.substring(start, end);
                if (vocab.containsKey(candidate)) {
                    match = candidate;
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (match == null) {
                out.add(unkToken);
                return;
            }
            pieces.add(match);
            start = end;
        }
        out.addAll(pieces);
    }

    /** Ids of {@code text} without specials. */
    public int[] encode(String text) {
        return tokenize(text).stream().mapToInt(t -> vocab.getOrDefault(t, unkId)).toArray();
    }

    /** {@code [CLS] ids[:length-2] [SEP] [PAD]...} for each prompt; mask 1 on real tokens. */
    public TokenizedBatch encodeBatch(List<String> prompts, int length) {
        if (length < 2) {
            throw new IllegalArgumentException("length must be >= 2: " + length);
        }
        int batch = prompts.size();
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        Arrays.fill(ids, padId);
        for (int b = 0; b < batch; b++) {
            int[] content = encode(prompts.get(b));
            int kept = Math.min(content.length, length - 2);
            int base = b * length;
            ids[base] = clsId;
            for (int i = 0; i < kept; i++) {
                ids[base + 1 + i] = content[i];
            }
            ids[base + 1 + kept] = sepId;
            Arrays.fill(mask, base, base + kept + 2, 1L);
        }
        return new TokenizedBatch(batch, length, ids, mask);
    }

    public int padId() {
        return padId;
    }

    public int clsId() {
        return clsId;
    }

    public int sepId() {
        return sepId;
    }

    public int vocabSize() {
        return vocab.size();
    }
}
