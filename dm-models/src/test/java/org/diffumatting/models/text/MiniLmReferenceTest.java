package org.diffumatting.models.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cross-checks against independent implementations already on the classpath (transitive dependencies of the
 * model jar): Hugging Face tokenizers (Rust, through DJL) for the WordPiece ids, and langchain4j's
 * AllMiniLmL6V2EmbeddingModel for the mean-pooled, L2-normalised sentence embedding.
 */
class MiniLmReferenceTest {
    static final List<String> PHRASES = List.of(
            "a photo of a cat", "A red apple on a pure green background, studio lighting.", "Hello, World! 123",
            "don't stop: it's 3.14 o'clock!!", "Café crème brûlée à la française", "東京タワーと富士山", "한국어 텍스트",
            "emoji 😀👍🏽 test", "naïve façade coöperate", "x\u200by\u00a0z\tw\nv", "UPPER lower MiXeD",
            "hyphen-ated well-known e-mail", "quotes \"double\" and 'single' and «angled»", "$100 & 50% off #1 @home",
            "supercalifragilisticexpialidocious", "diffumatting matte alpha trimap composite",
            "ÀÉÎÕÜ ßẞ İstanbul ǅ ﬁ", "tab\t\tseparated\r\nlines", "  leading and trailing  ", "",
            "a".repeat(120) + " long word", "Ελληνικά και русский текст", "العربية نص", "math: x^2 + y_1 = z/3 * (4-5)");

    @Test
    void wordPieceIdsMatchHuggingFaceTokenizers() throws Exception {
        WordPieceTokenizer ours = new MiniLmTextEncoder().tokenizer();
        HuggingFaceTokenizer reference;
        try (InputStream in = MiniLmTextEncoder.class.getResourceAsStream(MiniLmTextEncoder.TOKENIZER_RESOURCE)) {
            reference = HuggingFaceTokenizer.newInstance(in, Map.of());
        }
        List<String> mismatches = new ArrayList<>();
        for (String p : PHRASES) {
            Encoding e = reference.encode(p);
            long[] ids = e.getIds();
            long[] mask = e.getAttentionMask();
            int n = 0;
            while (n < mask.length && mask[n] == 1) {
                n++;
            }
            long[] want = Arrays.copyOf(ids, n);
            long[] got = ours.encodeBatch(List.of(p), 128).realTokens(0);
            if (!Arrays.equals(want, got)) {
                mismatches.add(p + ": hf " + Arrays.toString(want) + " ours " + Arrays.toString(got));
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void sentenceEmbeddingMatchesLangchain4j() {
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        MiniLmTextEncoder ours = new MiniLmTextEncoder(64);
        List<String> phrases = List.of("a photo of a cat", "a red ceramic mug on a green background", "Café crème, s'il vous plaît!");
        try (MemoryScope scope = MemoryScope.open()) {
            float[] unit = Tensors.toFloats(ours.encode(phrases).sentenceEmbedding()); // [3, 384], mean-pooled, L2-normalised
            for (int b = 0; b < phrases.size(); b++) {
                float[] want = reference.embed(phrases.get(b)).content().vector();
                assertEquals(384, want.length);
                assertArrayEquals(want, Arrays.copyOfRange(unit, b * 384, (b + 1) * 384), 2e-4f, phrases.get(b));
            }
        }
    }
}
