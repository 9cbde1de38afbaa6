package org.diffumatting.models.text;

import java.util.List;

/**
 * Prompt conditioning for the UNet's cross-attention: a batch of prompts -> hidden states
 * [B, T, D] + attention mask [B, T]. Implemented by the CLIP text tower with its BPE tokenizer
 * (SD 1.5: T = 77, D = 768) and by the MiniLM sentence encoder (T = maxLength, D = 384), so the
 * pipeline can be built over either.
 */
public interface TextEncoder {
    /** Tokenizes (truncating and padding to {@link #maxLength()}) and encodes. Never returns null. */
    EncodedPrompts encode(List<String> prompts);

    /** D, the size of each token state (the UNet's cross_attention_dim must equal it). */
    int hiddenSize();

    /** T, the fixed number of token positions per prompt (special tokens included). */
    int maxLength();
}
