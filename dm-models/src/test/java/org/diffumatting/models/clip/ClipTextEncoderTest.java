package org.diffumatting.models.clip;

import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.text.EncodedPrompts;
import org.diffumatting.models.text.TextEncoder;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClipTextEncoderTest {

    @Test
    void encodesPromptsLikeTheSdPipeline() {
        CLIPTokenizer tok = CLIPTokenizerTest.openAiSubset();
        CLIPTextConfig config = CLIPTextConfig.tiny(49408, 16, 2, 2, 77);
        try (MemoryScope scope = MemoryScope.open()) {
            CLIPTextModel model = new CLIPTextModel(config, ParamInit.seeded(5));
            TextEncoder encoder = new ClipTextEncoder(tok, model, 0);
            assertEquals(16, encoder.hiddenSize());
            assertEquals(77, encoder.maxLength());
            EncodedPrompts out = encoder.encode(List.of("a photo of a cat", "the black dog"));
            assertArrayEquals(new long[]{2, 77, 16}, Tensors.shape(out.hiddenStates()));
            assertEquals(7, Arrays.stream(Tensors.toLongs(out.attentionMask()), 0, 77).sum());
            // same as running the model on the tokenizer's ids directly
            float[] direct = Tensors.toFloats(model.forward(Tensors.fromLongs(out.tokens().ids(), 2, 77)));
            assertArrayEquals(direct, Tensors.toFloats(out.hiddenStates()));

            EncodedPrompts skipped = new ClipTextEncoder(tok, model, 1).encode(List.of("a photo of a cat"));
            float[] direct1 = Tensors.toFloats(model.forward(Tensors.fromLongs(skipped.tokens().ids(), 1, 77), 1));
            assertArrayEquals(direct1, Tensors.toFloats(skipped.hiddenStates()));
            assertThrows(IllegalArgumentException.class, () -> new ClipTextEncoder(tok, model, 2));
        }
    }
}
