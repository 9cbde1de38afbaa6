package org.diffumatting.models.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.diffumatting.common.DmException;
import org.diffumatting.models.text.BasicTokenizer;
import org.diffumatting.models.text.TokenizedBatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP byte-level BPE tokenizer, the algorithm of transformers' {@code CLIPTokenizer}
 * (models/clip/tokenization_clip.py) and OpenAI CLIP's simple_tokenizer.py, reading the Hugging Face
 * tokenizer folder files {@code vocab.json} (token -> id), {@code merges.txt} (one "a b" merge per
 * line, rank = line order, first line a "#version" header) and optionally {@code tokenizer_config.json}
 * ({@code model_max_length}, {@code bos_token}, {@code eos_token}, {@code pad_token}, {@code unk_token}).
 * A folder with only the "fast" {@code tokenizer.json} is read from its BPE model's vocab and merges.
 *
 * <p>Steps for one prompt: ftfy-less cleaning ({@link BasicTokenizer#forClip()}: control characters
 * dropped, whitespace collapsed, CJK spaced, NFC, lower-cased); the CLIP regex
 * {@code <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+}
 * (case-insensitive); each match's UTF-8 bytes mapped through {@link ByteUnicodeMap}; BPE where the last
 * symbol carries the end-of-word marker {@code </w>} and the lowest-rank adjacent pair is merged until
 * no ranked pair is left; symbols looked up in the vocabulary (unknown -> unk token).
 * A batch is {@code [bos] + ids[:maxLength-2] + [eos]} padded with the pad token to {@code maxLength}.
 */
public final class CLIPTokenizer {
    /** transformers keeps at most 49152 - 256 - 2 merges (vocabulary size minus bytes minus specials). */
    public static final int MAX_MERGES = 49152 - 256 - 2;
    public static final String END_OF_WORD = "</w>";

    private static final Pattern PATTERN = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final int CACHE_LIMIT = 10_000;

    private final Map<String, Integer> vocab;
    private final Map<String, Integer> mergeRanks;
    private final int bosId;
    private final int eosId;
    private final int padId;
    private final int unkId;
    private final String bosToken;
    private final String eosToken;
    private final int maxLength;
    private final BasicTokenizer cleaner = BasicTokenizer.forClip();
    private final Map<String, List<String>> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
                    return size() > CACHE_LIMIT;
                }
            });

    /**
     * @param vocab     token -> id
     * @param merges    merge pairs in rank order (rank 0 first)
     * @param bosToken  "<|startoftext|>" for CLIP
     * @param eosToken  "<|endoftext|>"
     * @param padToken  from tokenizer_config.json ("<|endoftext|>" for SD 1.5)
     * @param unkToken  "<|endoftext|>"
     * @param maxLength model_max_length, 77 for CLIP
     */
    public CLIPTokenizer(Map<String, Integer> vocab, List<String[]> merges, String bosToken, String eosToken,
                         String padToken, String unkToken, int maxLength) {
        this.vocab = Map.copyOf(vocab);
        Map<String, Integer> ranks = new HashMap<>();
        int limit = Math.min(merges.size(), MAX_MERGES);
        for (int r = 0; r < limit; r++) {
            ranks.putIfAbsent(pairKey(merges.get(r)[0], merges.get(r)[1]), r);
        }
        this.mergeRanks = ranks;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.bosId = requireId(bosToken, "bos_token");
        this.eosId = requireId(eosToken, "eos_token");
        this.padId = requireId(padToken, "pad_token");
        this.unkId = requireId(unkToken, "unk_token");
        if (maxLength < 2) {
            throw new DmException("CLIP tokenizer: model_max_length must be >= 2, got " + maxLength);
        }
        this.maxLength = maxLength;
    }

    private int requireId(String token, String field) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new DmException("CLIP tokenizer: " + field + " '" + token + "' is not in vocab.json");
        }
        return id;
    }

    /** Loads a Hugging Face CLIP tokenizer folder (SD 1.5: {@code tokenizer/}). */
    public static CLIPTokenizer load(Path dir) {
        Path vocabFile = dir.resolve("vocab.json");
        Path mergesFile = dir.resolve("merges.txt");
        Path configFile = dir.resolve("tokenizer_config.json");
        Path fastFile = dir.resolve("tokenizer.json");
        Map<String, Integer> vocab;
        List<String[]> merges;
        if (!Files.exists(vocabFile) && !Files.exists(mergesFile) && Files.isRegularFile(fastFile)) {
            // only the "fast" file: its BPE model holds the same vocabulary and merges
            JsonNode model = readJson(fastFile).path("model");
            if (!"BPE".equals(model.path("type").asText()) || !model.path("vocab").isObject() || !model.path("merges").isArray()) {
                throw new DmException(fastFile + ": model must be a BPE with vocab and merges");
            }
            vocab = vocabFrom(model.get("vocab"), fastFile);
            merges = new ArrayList<>();
            for (JsonNode m : model.get("merges")) {
                String[] pair = m.isArray() && m.size() == 2 ? new String[]{m.get(0).asText(), m.get(1).asText()}
                        : m.asText().split(" ");
                if (pair.length != 2) {
                    throw new DmException(fastFile + ": merge " + m + " is not a pair");
                }
                merges.add(pair);
            }
        } else {
            vocab = readVocab(vocabFile);
            merges = readMerges(mergesFile);
        }
        String bos = "<|startoftext|>";
        String eos = "<|endoftext|>";
        String pad = "<|endoftext|>";
        String unk = "<|endoftext|>";
        int maxLength = 77;
        if (Files.exists(configFile)) {
            JsonNode config = readJson(configFile);
            bos = tokenField(config, "bos_token", bos, configFile);
            eos = tokenField(config, "eos_token", eos, configFile);
            pad = tokenField(config, "pad_token", pad, configFile);
            unk = tokenField(config, "unk_token", unk, configFile);
            JsonNode max = config.get("model_max_length");
            if (max != null && max.canConvertToInt() && max.asInt() <= 4096) {
                maxLength = max.asInt(); // absurd values (1e30 = "unlimited") keep CLIP's 77
            }
        }
        try {
            return new CLIPTokenizer(vocab, merges, bos, eos, pad, unk, maxLength);
        } catch (DmException e) {
            throw new DmException(dir + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Integer> readVocab(Path file) {
        return vocabFrom(readJson(file), file);
    }

    private static Map<String, Integer> vocabFrom(JsonNode node, Path file) {
        if (!node.isObject() || node.isEmpty()) {
            throw new DmException(file + ": expected a JSON object token -> id");
        }
        Map<String, Integer> vocab = new HashMap<>(node.size() * 2);
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber()) {
                throw new DmException(file + ": id of token '" + e.getKey() + "' is not an integer");
            }
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        return vocab;
    }

    static List<String[]> readMerges(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DmException(file + ": cannot read merges (" + e.getClass().getSimpleName() + ")", e);
        }
        List<String[]> merges = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) {
                continue;
            }
            String[] parts = line.split(" ");
            if (parts.length != 2) {
                throw new DmException(file + ": line " + (i + 1) + " is not a merge 'a b': '" + line + "'");
            }
            merges.add(parts);
        }
        if (merges.isEmpty()) {
            throw new DmException(file + ": no merges");
        }
        return merges;
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DmException(file + ": file not found");
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new DmException(file + ": invalid JSON (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** A token field is either a string or an AddedToken object {"content": "..."}. */
    private static String tokenField(JsonNode config, String field, String fallback, Path file) {
        JsonNode node = config.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isObject() && node.get("content") != null && node.get("content").isTextual()) {
            return node.get("content").asText();
        }
        throw new DmException(file + ": field " + field + " must be a string or an object with 'content'");
    }

    public int maxLength() {
        return maxLength;
    }

    public int bosId() {
        return bosId;
    }

    public int eosId() {
        return eosId;
    }

    public int padId() {
        return padId;
    }

    /** Id of {@code token} or empty. */
    public java.util.OptionalInt idOf(String token) {
        Integer id = vocab.get(token);
        return id == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(id);
    }

    /** BPE symbols of {@code text} (no bos/eos), e.g. "a photo" -> ["a</w>", "photo</w>"]. */
    public List<String> tokenize(String text) {
        String cleaned = String.join(" ", cleaner.tokenize(text));
        List<String> symbols = new ArrayList<>();
        Matcher m = PATTERN.matcher(cleaned);
        while (m.find()) {
            String piece = m.group();
            if (piece.equals(bosToken) || piece.equals(eosToken)) {
                symbols.add(piece);
            } else {
                symbols.addAll(bpe(ByteUnicodeMap.encode(piece)));
            }
        }
        return symbols;
    }

    /** Token ids of {@code text} without bos/eos, no truncation. */
    public int[] encode(String text) {
        List<String> symbols = tokenize(text);
        int[] ids = new int[symbols.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocab.getOrDefault(symbols.get(i), unkId);
        }
        return ids;
    }

    /** The SD pipeline call: {@code tokenizer(prompts, padding="max_length", max_length=77, truncation=True)}. */
    public TokenizedBatch encodeBatch(List<String> prompts) {
        return encodeBatch(prompts, maxLength);
    }

    /** As {@link #encodeBatch(List)} with another length (>= 2). */
    public TokenizedBatch encodeBatch(List<String> prompts, int length) {
        if (length < 2) {
            throw new IllegalArgumentException("length must be >= 2: " + length);
        }
        int batch = prompts.size();
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        java.util.Arrays.fill(ids, padId);
        for (int b = 0; b < batch; b++) {
            int[] content = encode(Objects.requireNonNull(prompts.get(b), "prompt " + b));
            int kept = Math.min(content.length, length - 2);
            int base = b * length;
            ids[base] = bosId;
            for (int i = 0; i < kept; i++) {
                ids[base + 1 + i] = content[i];
            }
            ids[base + 1 + kept] = eosId;
            for (int i = 0; i < kept + 2; i++) {
                mask[base + i] = 1;
            }
        }
        return new TokenizedBatch(batch, length, ids, mask);
    }

    /** Byte-level BPE of one pre-token (already byte-mapped); the last symbol carries {@code </w>}. */
    List<String> bpe(String token) {
        List<String> cached = cache.get(token);
        if (cached != null) {
            return cached;
        }
        List<String> word = new ArrayList<>(token.length());
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            int next = i + Character.charCount(cp);
            String symbol = token.substring(i, next);
            word.add(next == token.length() ? symbol + END_OF_WORD : symbol);
            i = next;
        }
        while (word.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String bestFirst = null;
            String bestSecond = null;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer rank = mergeRanks.get(pairKey(word.get(i), word.get(i + 1)));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    bestFirst = word.get(i);
                    bestSecond = word.get(i + 1);
                }
            }
            if (bestFirst == null) {
                break;
            }
            // Merge every non-overlapping occurrence of (first, second), left to right.
            List<String> merged = new ArrayList<>(word.size());
            for (int i = 0; i < word.size(); ) {
                if (i + 1 < word.size() && word.get(i).equals(bestFirst) && word.get(i + 1).equals(bestSecond)) {
                    merged.add(bestFirst + bestSecond);
                    i += 2;
                } else {
                    merged.add(word.get(i));
                    i += 1;
                }
            }
            word = merged;
        }
        List<String> result = List.copyOf(word);
        cache.put(token, result);
        return result;
    }

    private static String pairKey(String first, String second) {
        return first + ' ' + second; // symbols never contain ' ' (byte-mapped), so the key is unambiguous
    }
}
