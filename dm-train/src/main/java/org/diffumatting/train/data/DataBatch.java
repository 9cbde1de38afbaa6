package org.diffumatting.train.data;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * One batch of the green-screen set.
 *
 * @param ids file stems
 * @param captions manifest captions (before caption dropout)
 * @param indices data set indices of the samples
 * @param image I, [B, 3, H, W] in [-1, 1]
 * @param alpha [B, 1, H, W] in [0, 1]
 * @param foreground F, [B, 3, H, W] in [-1, 1], or null when not loaded
 */
public record DataBatch(List<String> ids, List<String> captions, int[] indices, Tensor image, Tensor alpha, Tensor foreground) {
    public int size() {
        return ids.size();
    }
}
