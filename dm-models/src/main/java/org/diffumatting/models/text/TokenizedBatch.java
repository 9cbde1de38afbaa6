package org.diffumatting.models.text;

import java.util.Arrays;

/**
 * Token ids of a batch of prompts, padded to one length.
 *
 * @param batch         B, the number of prompts
 * @param length        T, tokens per prompt after truncation and padding
 * @param ids           [B*T] row-major token ids (int64, the dtype the models take)
 * @param attentionMask [B*T] row-major, 1 for real tokens (specials included), 0 for padding
 */
public record TokenizedBatch(int batch, int length, long[] ids, long[] attentionMask) {
    public TokenizedBatch {
        if (ids.length != (long) batch * length || attentionMask.length != ids.length) {
            throw new IllegalArgumentException("ids/mask length " + ids.length + "/" + attentionMask.length
                    + " != batch*length " + batch + "*" + length);
        }
    }

    /** Ids of prompt {@code b} (all T positions, padding included). */
    public long[] row(int b) {
        return Arrays.copyOfRange(ids, b * length, (b + 1) * length);
    }

    /** Ids of prompt {@code b} where the mask is 1. */
    public long[] realTokens(int b) {
        return Arrays.stream(row(b)).limit(realLength(b)).toArray();
    }

    /** Number of real (unmasked) tokens of prompt {@code b}. */
    public int realLength(int b) {
        int n = 0;
        for (int t = 0; t < length; t++) {
            n += (int) attentionMask[b * length + t];
        }
        return n;
    }
}
