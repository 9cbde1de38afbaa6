package org.diffumatting.train.loss;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.tensor.Tensors;

/**
 * L_tb, the transition-boundary detail loss (docs/DESIGN.md section 2, our formulation): the denoising error
 * restricted to the latent cells that cover the soft/edge band of the matte, so fine structure (hair, rims,
 * smoke) is not averaged away by the large flat regions.
 *
 * <table>
 *   <caption>Notation</caption>
 *   <tr><td>out, target</td><td>UNet output and its target (eps or v), [B, C, h, w]</td></tr>
 *   <tr><td>w_tb</td><td>{@link LatentMasks#transitionWeight()} [B, 1, h, w]</td></tr>
 *   <tr><td>B</td><td>pixel band {@link LatentMasks#band()} [B, 1, H, W]</td></tr>
 *   <tr><td>grad</td><td>Sobel gradient (3x3 kernels [1,2,1]^T [-1,0,1] / 8, per channel, replicate padding)</td></tr>
 * </table>
 * <pre>
 *   noise form:    L_tb = sum( w_tb * mean_c (out - target)^2 ) / sum(w_tb)
 *   gradient form: L_tb_grad = sum( B * mean_{c,dir} |grad D(x0_hat / s) - grad I| ) / sum(B)   (option)
 * </pre>
 * Both are 0 when the band is empty.
 */
public final class TransitionBoundaryLoss {
    private TransitionBoundaryLoss() {}

    /** Weighted noise loss; out/target [B, C, h, w], weight [B, 1, h, w]. */
    public static Tensor noise(Tensor output, Tensor target, Tensor transitionWeight) {
        Tensors.checkSameShape(output, target, "transition loss output vs target");
        Tensor err = LossMath.channelMean(output.sub(target).square());   // [B,1,h,w]
        return err.mul(transitionWeight).sum().div(transitionWeight.sum().clamp_min(LossMath.s(LossMath.MASK_EPS)));
    }

    /**
     * Gradient loss inside the pixel band.
     *
     * @param decoded predicted image [B, 3, H, W]
     * @param image ground-truth image [B, 3, H, W] (same range)
     * @param band B [B, 1, H, W]
     */
    public static Tensor gradient(Tensor decoded, Tensor image, Tensor band) {
        Tensors.checkSameShape(decoded, image, "gradient loss decoded vs image");
        Tensor diff = sobel(decoded).sub(sobel(image)).abs();                 // [B, 2C, H, W]
        Tensor err = LossMath.channelMean(diff);                              // [B,1,H,W]
        return err.mul(band).sum().div(band.sum().clamp_min(LossMath.s(LossMath.MASK_EPS)));
    }

    /** Per-channel Sobel x and y: [B, C, H, W] -> [B, 2C, H, W] (x-gradients of all channels, then y). */
    static Tensor sobel(Tensor x) {
        long c = x.size(1);
        float[] kx = {-1, 0, 1, -2, 0, 2, -1, 0, 1};
        float[] ky = {-1, -2, -1, 0, 0, 0, 1, 2, 1};
        for (int i = 0; i < 9; i++) {
            kx[i] /= 8f;
            ky[i] /= 8f;
        }
        Tensor wx = Tensors.fromFloats(kx, 1, 1, 3, 3).to(x.device(), x.scalar_type()).repeat(c, 1, 1, 1); // [C,1,3,3]
        Tensor wy = Tensors.fromFloats(ky, 1, 1, 3, 3).to(x.device(), x.scalar_type()).repeat(c, 1, 1, 1);
        Tensor padded = torch.replication_pad2d(x, 1, 1, 1, 1);              // [B, C, H+2, W+2]
        Tensor gx = torch.conv2d(padded, wx, new TensorOptional(), new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, c);
        Tensor gy = torch.conv2d(padded, wy, new TensorOptional(), new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, c);
        org.bytedeco.pytorch.TensorVector v = new org.bytedeco.pytorch.TensorVector(gx, gy);
        return torch.cat(v, 1);                                               // [B, 2C, H, W]
    }
}
