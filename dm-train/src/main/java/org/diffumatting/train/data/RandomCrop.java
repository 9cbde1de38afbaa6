package org.diffumatting.train.data;

import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Random square crops of a batch, one window per sample, the same window for the image, the matte and the
 * foreground: the autoencoder's training crops (Rombach et al. 2022 trained SD's autoencoder on 256x256 crops and
 * use it at 512x512; convolutions and group norms are size-agnostic). A window's top-left corner is uniform over the
 * positions where it fits, drawn from {@code random} (seeded by step, so a resumed run crops alike).
 */
public final class RandomCrop {
    private RandomCrop() {}

    /**
     * @param b a batch of [B, C, H, W] tensors
     * @param size side of the window (at most H and W)
     * @return the batch with [B, C, size, size] tensors (ids, captions and indices unchanged)
     */
    public static DataBatch of(DataBatch b, int size, SplittableRandom random) {
        long h = b.image().size(2);
        long w = b.image().size(3);
        if (size > h || size > w) throw new IllegalArgumentException("crop " + size + " exceeds the images' " + h + "x" + w);
        int n = b.size();
        long[] ys = new long[n];
        long[] xs = new long[n];
        for (int i = 0; i < n; i++) {
            ys[i] = random.nextLong(h - size + 1);
            xs[i] = random.nextLong(w - size + 1);
        }
        return new DataBatch(b.ids(), b.captions(), b.indices(), crop(b.image(), ys, xs, size), crop(b.alpha(), ys, xs, size),
                b.foreground() == null ? null : crop(b.foreground(), ys, xs, size));
    }

    private static Tensor crop(Tensor t, long[] ys, long[] xs, int size) {
        TensorVector parts = new TensorVector();
        for (int i = 0; i < ys.length; i++) parts.push_back(t.narrow(0, i, 1).narrow(2, ys[i], size).narrow(3, xs[i], size));
        return torch.cat(parts, 0).contiguous();                                           // [B, C, size, size]
    }
}
