package org.diffumatting.models.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.diffumatting.common.DmException;
import org.diffumatting.models.text.TokenizedBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CLIPTokenizerTest {

    static Path resource(String name) {
        try {
            return Path.of(CLIPTokenizerTest.class.getResource("/clip/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static CLIPTokenizer openAiSubset() {
        return CLIPTokenizer.load(resource("openai-subset"));
    }

    /** Ids published independently of this project (other CLIP ports' tests and docs). */
    @Test
    void publishedReferenceIds() {
        CLIPTokenizer tok = openAiSubset();
        assertArrayEquals(new int[]{320, 1125, 539, 320, 2368}, tok.encode("a photo of a cat"));
        assertArrayEquals(new int[]{320, 1125, 539, 550, 18376, 6765, 320, 4558, 525, 7496},
                tok.encode("a photo of an astronaut riding a horse on mars"));
        assertArrayEquals(new int[]{3055, 19622, 5780, 10929, 5771, 525, 320, 20617, 1922, 631, 1953},
                tok.encode("Apple CoreML developer tools on a Macbook Air are fast"));
        assertArrayEquals(new int[]{518, 1449, 1929}, tok.encode("the black dog"));
        assertArrayEquals(new int[]{3306, 267, 1002, 256, 272, 273, 274}, tok.encode("Hello, World! 123"));
    }

    /** Ids of the reference implementation (make_subset.py) for harder phrases: accents, CJK, emoji, digits, apostrophes. */
    @Test
    void referenceImplementationIds() throws IOException {
        CLIPTokenizer tok = openAiSubset();
        JsonNode expected = new ObjectMapper().readTree(resource("openai-subset/expected-ids.json").toFile());
        assertTrue(expected.size() >= 13);
        for (JsonNode item : expected) {
            String text = item.get("text").asText();
            TokenizedBatch batch = tok.encodeBatch(List.of(text));
            long[] want = new long[item.get("ids").size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = item.get("ids").get(i).asLong();
            }
            assertArrayEquals(want, batch.realTokens(0), text);
        }
    }

    @Test
    void batchIsBosContentEosThenPadToModelMaxLength() {
        CLIPTokenizer tok = openAiSubset();
        TokenizedBatch batch = tok.encodeBatch(List.of("a photo of a cat", "the black dog"));
        assertEquals(2, batch.batch());
        assertEquals(77, batch.length());
        long[] row = batch.row(0);
        assertEquals(49406, row[0]);
        assertEquals(2368, row[5]);
        assertEquals(49407, row[6]);
        for (int t = 7; t < 77; t++) {
            assertEquals(49407, row[t], "pad token of SD 1.5 is <|endoftext|>");
            assertEquals(0, batch.attentionMask()[t]);
        }
        assertEquals(7, batch.realLength(0));
        assertEquals(5, batch.realLength(1));
    }

    @Test
    void truncatesToSeventyFiveContentTokens() {
        CLIPTokenizer tok = openAiSubset();
        String longPrompt = "a photo of a cat ".repeat(40); // 200 content tokens
        TokenizedBatch batch = tok.encodeBatch(List.of(longPrompt));
        long[] row = batch.row(0);
        assertEquals(49406, row[0]);
        assertEquals(49407, row[76]);
        assertEquals(77, batch.realLength(0));
        assertEquals(320, row[1]);
        assertEquals(1125, row[2]);
    }

    @Test
    void normalisesCaseAndWhitespace() {
        CLIPTokenizer tok = openAiSubset();
        assertArrayEquals(tok.encode("a photo of a cat"), tok.encode("  A \t Photo\nof a CAT  "));
        assertArrayEquals(new int[0], tok.encode("   "));
    }

    /** The classic small vocabulary of transformers' CLIP tokenizer test, written to files and loaded. */
    @Test
    void smallVocabularyFromFiles(@TempDir Path dir) throws IOException {
        writeSmallVocab(dir, "<|endoftext|>");
        CLIPTokenizer tok = CLIPTokenizer.load(dir);
        assertEquals(List.of("lo", "w", "er</w>", "n", "e", "w", "er</w>"), tok.tokenize("lower newer"));
        assertArrayEquals(new int[]{10, 2, 16, 9, 3, 2, 16}, tok.encode("lower newer"));
        // "lowest": only "l o" applies (w is not final); "lowex": "x</w>" is unknown -> unk (<|endoftext|>).
        assertArrayEquals(new int[]{10, 2, 3, 5, 14}, tok.encode("lowest"));
        assertArrayEquals(new int[]{10, 2, 3, 22}, tok.encode("lowex"));
        assertEquals(5, tok.encodeBatch(List.of("low"), 5).length());
        assertEquals(7, tok.maxLength(), "model_max_length from tokenizer_config.json");
        assertEquals(22, tok.padId());
    }

    /** A folder with only the fast tokenizer.json (merges as "a b" strings or [a, b] pairs) gives the same ids. */
    @Test
    void fastTokenizerJsonAlone(@TempDir Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode vocab = json.readTree(resource("openai-subset/vocab.json").toFile());
        com.fasterxml.jackson.databind.node.ObjectNode root = json.createObjectNode();
        com.fasterxml.jackson.databind.node.ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.set("vocab", vocab);
        com.fasterxml.jackson.databind.node.ArrayNode merges = model.putArray("merges");
        List<String> lines = Files.readAllLines(resource("openai-subset/merges.txt"));
        for (int i = 1; i < lines.size(); i++) {
            String[] pair = lines.get(i).split(" ");
            if (i % 2 == 0) {
                merges.add(lines.get(i));
            } else {
                merges.addArray().add(pair[0]).add(pair[1]);
            }
        }
        json.writeValue(dir.resolve("tokenizer.json").toFile(), root);
        CLIPTokenizer fast = CLIPTokenizer.load(dir);
        for (String p : List.of("a photo of an astronaut riding a horse on mars", "Café crème brûlée", "a cat 🐱 emoji")) {
            assertArrayEquals(openAiSubset().encode(p), fast.encode(p), p);
        }
    }

    @Test
    void missingOrBrokenFilesNameTheFile(@TempDir Path dir) throws IOException {
        DmException missing = assertThrows(DmException.class, () -> CLIPTokenizer.load(dir));
        assertTrue(missing.getMessage().contains("vocab.json"), missing.getMessage());

        writeSmallVocab(dir, "<|endoftext|>");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nl o\nthree parts here\n");
        DmException badMerge = assertThrows(DmException.class, () -> CLIPTokenizer.load(dir));
        assertTrue(badMerge.getMessage().contains("merges.txt") && badMerge.getMessage().contains("line 3"),
                badMerge.getMessage());

        writeSmallVocab(dir, "<|endoftext|>");
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 1,");
        DmException badJson = assertThrows(DmException.class, () -> CLIPTokenizer.load(dir));
        assertTrue(badJson.getMessage().contains("vocab.json"), badJson.getMessage());

        writeSmallVocab(dir, "<pad>");
        DmException badPad = assertThrows(DmException.class, () -> CLIPTokenizer.load(dir));
        assertTrue(badPad.getMessage().contains("pad_token"), badPad.getMessage());
    }

    private static void writeSmallVocab(Path dir, String padToken) throws IOException {
        String[] tokens = {"l", "o", "w", "e", "r", "s", "t", "i", "d", "n", "lo", "l</w>", "w</w>", "r</w>", "t</w>",
                "low</w>", "er</w>", "lowest</w>", "newer</w>", "wider", "<unk>", "<|startoftext|>", "<|endoftext|>"};
        StringBuilder vocab = new StringBuilder("{");
        for (int i = 0; i < tokens.length; i++) {
            vocab.append(i == 0 ? "" : ",").append('"').append(tokens[i]).append("\":").append(i);
        }
        vocab.append('}');
        Files.writeString(dir.resolve("vocab.json"), vocab, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nl o\nlo w</w>\ne r</w>\n");
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"model_max_length\": 7, \"pad_token\": \"" + padToken + "\","
                        + " \"bos_token\": {\"__type\": \"AddedToken\", \"content\": \"<|startoftext|>\"}}");
    }
}
