package org.diffumatting.models.text;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MiniLmTextEncoderTest {

    /** Ids looked up by hand in the jar's all-minilm-l6-v2-tokenizer.json vocabulary. */
    @Test
    void tokenIdsOfKnownPhrases() {
        WordPieceTokenizer tok = new MiniLmTextEncoder().tokenizer();
        // [CLS] a photo of a cat [SEP]
        assertArrayEquals(new int[]{1037, 6302, 1997, 1037, 4937}, tok.encode("A photo of a CAT"));
        // punctuation split, accents stripped (café -> cafe), lower-cased
        assertArrayEquals(new int[]{7592, 1010, 2088, 999, 7668, 1012}, tok.encode("Hello, World! Café."));
        // greedy longest-match-first with ## continuation
        assertArrayEquals(new int[]{14477, 20961, 3468}, tok.encode("unaffable"));
        assertEquals(List.of("di", "##ff", "##uma", "##tting"), tok.tokenize("DiffuMatting"));
        // CJK characters become single-character words
        assertArrayEquals(new int[]{1879, 1755, 3578}, tok.encode("東京tower"));
        // a word longer than 100 characters is [UNK]
        assertArrayEquals(new int[]{100}, tok.encode("a".repeat(101)));

        TokenizedBatch batch = tok.encodeBatch(List.of("a green dog", ""), 8);
        assertArrayEquals(new long[]{101, 1037, 2665, 3899, 102, 0, 0, 0}, batch.row(0));
        assertArrayEquals(new long[]{101, 102, 0, 0, 0, 0, 0, 0}, batch.row(1));
        assertEquals(5, batch.realLength(0));
        TokenizedBatch cut = tok.encodeBatch(List.of("a photo of a cat on a green background"), 5);
        assertArrayEquals(new long[]{101, 1037, 6302, 1997, 102}, cut.row(0));
    }

    @Test
    void outputShapeMaskAndDeterminism() {
        MiniLmTextEncoder encoder = new MiniLmTextEncoder();
        assertEquals(384, encoder.hiddenSize());
        assertEquals(32, encoder.maxLength());
        try (MemoryScope scope = MemoryScope.open()) {
            EncodedPrompts a = encoder.encode(List.of("a red apple", "a wooden chair with a cushion"));
            assertArrayEquals(new long[]{2, 32, 384}, Tensors.shape(a.hiddenStates()));
            assertArrayEquals(new long[]{2, 32}, Tensors.shape(a.attentionMask()));
            long[] mask = Tensors.toLongs(a.attentionMask());
            assertEquals(5, java.util.Arrays.stream(mask, 0, 32).sum()); // [CLS] a red apple [SEP]
            EncodedPrompts b = encoder.encode(List.of("a red apple", "a wooden chair with a cushion"));
            assertArrayEquals(Tensors.toFloats(a.hiddenStates()), Tensors.toFloats(b.hiddenStates()));
            // batch composition does not change a prompt's states
            EncodedPrompts alone = encoder.encode(List.of("a red apple"));
            float[] first = java.util.Arrays.copyOf(Tensors.toFloats(a.hiddenStates()), 32 * 384);
            assertClose(Tensors.toFloats(alone.hiddenStates()), first, 1e-4f);
        }
    }

    @Test
    void realTokenStatesDoNotDependOnPaddingLength() {
        try (MemoryScope scope = MemoryScope.open()) {
            String prompt = "a ceramic mug on a table";
            EncodedPrompts shortPad = new MiniLmTextEncoder(12).encode(List.of(prompt));
            EncodedPrompts longPad = new MiniLmTextEncoder(64).encode(List.of(prompt));
            int real = shortPad.tokens().realLength(0);
            assertEquals(8, real);
            float[] s = Tensors.toFloats(shortPad.hiddenStates());
            float[] l = Tensors.toFloats(longPad.hiddenStates());
            assertClose(java.util.Arrays.copyOf(s, real * 384), java.util.Arrays.copyOf(l, real * 384), 1e-4f);
            assertArrayEquals(Tensors.toFloats(shortPad.meanPooled()), Tensors.toFloats(longPad.meanPooled()), 1e-4f);
        }
    }

    @Test
    void similarPhrasesAreCloserThanUnrelatedOnes() {
        MiniLmTextEncoder encoder = new MiniLmTextEncoder();
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor pooled = encoder.encode(List.of("a small dog playing in the grass", "a puppy running on a lawn",
                    "the stock market fell sharply today")).meanPooled(); // [3, 384]
            float[] v = Tensors.toFloats(pooled);
            double similar = cosine(v, 0, 1);
            double unrelated = cosine(v, 0, 2);
            assertTrue(similar > unrelated + 0.2, "similar " + similar + " unrelated " + unrelated);
        }
    }

    @Test
    void brokenTokenizerFilesNameTheSource(@TempDir Path dir) throws Exception {
        DmException json = assertThrows(DmException.class, () -> WordPieceTokenizer.load(
                new ByteArrayInputStream("{not json".getBytes(StandardCharsets.UTF_8)), "my/tokenizer.json"));
        assertTrue(json.getMessage().startsWith("my/tokenizer.json"), json.getMessage());
        DmException bpe = assertThrows(DmException.class, () -> WordPieceTokenizer.load(
                new ByteArrayInputStream("{\"model\": {\"type\": \"BPE\"}}".getBytes(StandardCharsets.UTF_8)), "x.json"));
        assertTrue(bpe.getMessage().contains("WordPiece"), bpe.getMessage());
        DmException noCls = assertThrows(DmException.class, () -> WordPieceTokenizer.load(new ByteArrayInputStream(
                "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0, \"a\": 1}}}".getBytes(StandardCharsets.UTF_8)),
                "y.json"));
        assertTrue(noCls.getMessage().contains("y.json") && noCls.getMessage().contains("[CLS]"), noCls.getMessage());
        Path missing = dir.resolve("none.json");
        DmException file = assertThrows(DmException.class,
                () -> MiniLmTextEncoder.fromFiles(dir.resolve("model.onnx"), missing, 16));
        assertTrue(file.getMessage().contains("none.json"), file.getMessage());
        Files.writeString(dir.resolve("bad.onnx"), "not a model");
        Path realTok = dir.resolve("tok.json");
        try (var in = MiniLmTextEncoder.class.getResourceAsStream(MiniLmTextEncoder.TOKENIZER_RESOURCE)) {
            Files.copy(in, realTok);
        }
        DmException onnx = assertThrows(DmException.class,
                () -> MiniLmTextEncoder.fromFiles(dir.resolve("bad.onnx"), realTok, 16));
        assertTrue(onnx.getMessage().contains("bad.onnx"), onnx.getMessage());
        DmException noModel = assertThrows(DmException.class,
                () -> MiniLmTextEncoder.fromFiles(dir.resolve("none.onnx"), realTok, 16));
        assertTrue(noModel.getMessage().contains("none.onnx"), noModel.getMessage());
        assertThrows(DmException.class, () -> new MiniLmTextEncoder(1));
    }

    static double cosine(float[] v, int i, int j) {
        int d = 384;
        double dot = 0;
        double ni = 0;
        double nj = 0;
        for (int k = 0; k < d; k++) {
            dot += (double) v[i * d + k] * v[j * d + k];
            ni += (double) v[i * d + k] * v[i * d + k];
            nj += (double) v[j * d + k] * v[j * d + k];
        }
        return dot / Math.sqrt(ni * nj);
    }

    static void assertClose(float[] want, float[] got, float tol) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol, "index " + i);
        }
    }
}
