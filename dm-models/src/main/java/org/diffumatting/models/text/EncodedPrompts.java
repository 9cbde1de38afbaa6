package org.diffumatting.models.text;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Output of a {@link TextEncoder}.
 *
 * @param hiddenStates  [B, T, D] token states (padding positions included): float32 on the CPU for MiniLM,
 *                      the text model's dtype and device for CLIP
 * @param attentionMask [B, T] int64, 1 for real tokens (specials included), 0 for padding
 * @param tokens        the token ids behind the states
 */
public record EncodedPrompts(Tensor hiddenStates, Tensor attentionMask, TokenizedBatch tokens) implements AutoCloseable {

    /**
     * Mask-weighted mean over tokens (sentence-transformers mean pooling):
     * {@code sum_t m[b,t] h[b,t,:] / max(sum_t m[b,t], 1e-9)} -> [B, D].
     */
    public Tensor meanPooled() {
        Tensor m = attentionMask.to(hiddenStates.device(), hiddenStates.scalar_type()).unsqueeze(2); // [B, T, 1]
        Tensor summed = hiddenStates.mul(m).sum(new long[]{1}, false, new org.bytedeco.pytorch.ScalarTypeOptional()); // [B, D]
        Tensor counts = torch.clamp_min(m.sum(new long[]{1}, false, new org.bytedeco.pytorch.ScalarTypeOptional()),
                new Scalar(1e-9)); // [B, 1]
        return summed.div(counts);
    }

    /**
     * The sentence embedding of all-MiniLM-L6-v2 (sentence-transformers: mean pooling, then L2 normalisation):
     * {@code meanPooled / max(||meanPooled||_2, 1e-12)} -> [B, D]; scaled, the class labels of a UNet with a
     * class embedding ({@code UNetConditioning}).
     */
    public Tensor sentenceEmbedding() {
        Tensor pooled = meanPooled();                                                          // [B, D]
        Tensor norm = torch.clamp_min(pooled.pow(new Scalar(2)).sum(new long[]{1}, true, new org.bytedeco.pytorch.ScalarTypeOptional())
                .sqrt(), new Scalar(1e-12));                                                  // [B, 1]
        return pooled.div(norm);
    }

    /** Frees both tensors now (otherwise the enclosing memory scope or the GC does). */
    @Override
    public void close() {
        hiddenStates.close();
        attentionMask.close();
    }
}
