package org.diffumatting.train.loss;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.tensor.Tensors;

/**
 * Laplacian-pyramid L1 loss on alpha (Hou &amp; Liu 2019, "Context-Aware Image Matting", sec. 3.3; the
 * {@code lap_loss} of GCA-Matting / MatteFormer, {@code utils/loss.py}):
 * <pre>
 *   L_lap = sum_{l=0}^{L-1} 2^l * mean |lap_l(alpha_hat) - lap_l(alpha)|
 *   lap_l(x) = g_l - up(down(blur(g_l))),  g_0 = x,  g_{l+1} = down(blur(g_l))
 * </pre>
 * blur: 5x5 Gaussian [1,4,6,4,1]^T [1,4,6,4,1] / 256 with reflect padding 2; down: keep even rows/columns;
 * up: insert zeros between samples, then blur with 4x the kernel. Levels stop early when a level gets smaller
 * than 3 pixels (reflect padding needs more than 2).
 */
public final class LaplacianPyramidLoss {
    private LaplacianPyramidLoss() {}

    /** @param prediction [B, C, H, W]; @param target same shape; @param levels L, at least 1 */
    public static Tensor compute(Tensor prediction, Tensor target, int levels) {
        Tensors.checkSameShape(prediction, target, "laplacian loss prediction vs target");
        if (levels < 1) throw new IllegalArgumentException("laplacian pyramid needs >= 1 level, got " + levels);
        List<Tensor> a = pyramid(prediction, levels);
        List<Tensor> b = pyramid(target, levels);
        Tensor sum = null;
        for (int l = 0; l < a.size(); l++) {
            Tensor term = a.get(l).sub(b.get(l)).abs().mean().mul(LossMath.s(Math.pow(2, l)));
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /** The band-pass levels lap_0 .. lap_{L-1} (fewer when the image gets too small). */
    static List<Tensor> pyramid(Tensor x, int levels) {
        List<Tensor> out = new ArrayList<>();
        Tensor current = x;
        for (int l = 0; l < levels && current.size(2) >= 3 && current.size(3) >= 3; l++) {
            Tensor down = downsample(blur(current, 1.0));                       // [B,C,ceil(H/2),ceil(W/2)]
            if (down.size(2) < 3 || down.size(3) < 3) break;
            Tensor up = blur(zeroInsert(down), 4.0)
                    .narrow(2, 0, current.size(2)).narrow(3, 0, current.size(3)); // [B,C,H,W]
            out.add(current.sub(up));
            current = down;
        }
        if (out.isEmpty()) out.add(x); // too small for one level: plain L1
        return out;
    }

    static Tensor blur(Tensor x, double gain) {
        long c = x.size(1);
        float[] g = {1, 4, 6, 4, 1};
        float[] k = new float[25];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) k[5 * i + j] = (float) (g[i] * g[j] / 256.0 * gain);
        }
        Tensor w = Tensors.fromFloats(k, 1, 1, 5, 5).to(x.device(), x.scalar_type()).repeat(c, 1, 1, 1); // [C,1,5,5]
        Tensor padded = torch.reflection_pad2d(x, 2, 2, 2, 2);
        return torch.conv2d(padded, w, new TensorOptional(), new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, c);
    }

    /** x[:, :, ::2, ::2]. */
    static Tensor downsample(Tensor x) {
        return x.slice(2, new org.bytedeco.pytorch.LongOptional(0), new org.bytedeco.pytorch.LongOptional(x.size(2)), 2)
                .slice(3, new org.bytedeco.pytorch.LongOptional(0), new org.bytedeco.pytorch.LongOptional(x.size(3)), 2);
    }

    /** [B, C, H, W] -> [B, C, 2H, 2W] with x at even positions and zeros elsewhere. */
    static Tensor zeroInsert(Tensor x) {
        long n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        Tensor cols = torch.stack(new TensorVector(x, torch.zeros_like(x)), 4).reshape(n, c, h, 2 * w);      // [B,C,H,2W]
        return torch.stack(new TensorVector(cols, torch.zeros_like(cols)), 3).reshape(n, c, 2 * h, 2 * w);  // [B,C,2H,2W]
    }
}
