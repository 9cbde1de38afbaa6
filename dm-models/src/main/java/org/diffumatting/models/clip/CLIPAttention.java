package org.diffumatting.models.clip;

import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.Linear;
import org.diffumatting.models.nn.ParamInit;

/**
 * Causal multi-head self-attention of the CLIP text tower (transformers modeling_clip.py
 * {@code CLIPAttention}): parameters {@code k_proj, v_proj, q_proj, out_proj} (Linear D->D with bias).
 *
 * <pre>
 * q, k, v = x W_q, x W_k, x W_v              // [B, T, D] each
 * split heads                                // [B, H, T, d], d = D / H
 * a = softmax(q k^T / sqrt(d) + causal) v    // causal: position i attends to j <= i
 * out = merge(a) W_o                         // [B, T, D]
 * </pre>
 */
public final class CLIPAttention extends DmModule {
    private final int heads;
    private final int headDim;
    private final Linear qProj;
    private final Linear kProj;
    private final Linear vProj;
    private final Linear outProj;

    public CLIPAttention(CLIPTextConfig config, ParamInit init) {
        this.heads = config.numAttentionHeads();
        this.headDim = config.headDim();
        int d = config.hiddenSize();
        // transformers registration order: k, v, q, out
        this.kProj = child("k_proj", new Linear(init, d, d, true));
        this.vProj = child("v_proj", new Linear(init, d, d, true));
        this.qProj = child("q_proj", new Linear(init, d, d, true));
        this.outProj = child("out_proj", new Linear(init, d, d, true));
    }

    /** @param x [B, T, D] -> [B, T, D] */
    public Tensor forward(Tensor x) {
        long b = x.size(0);
        long t = x.size(1);
        long d = x.size(2);
        Tensor q = splitHeads(qProj.forward(x), b, t); // [B, H, T, d]
        Tensor k = splitHeads(kProj.forward(x), b, t); // [B, H, T, d]
        Tensor v = splitHeads(vProj.forward(x), b, t); // [B, H, T, d]
        // Default scale 1/sqrt(d) = CLIP's head_dim ** -0.5; is_causal = the lower-triangular mask.
        Tensor a = torch.scaled_dot_product_attention(q, k, v, new TensorOptional(), 0.0, true,
                new DoubleOptional(), false); // [B, H, T, d]
        Tensor merged = a.transpose(1, 2).reshape(b, t, d); // [B, T, D]
        return outProj.forward(merged);
    }

    private Tensor splitHeads(Tensor x, long b, long t) {
        return x.view(b, t, heads, headDim).transpose(1, 2); // [B, T, D] -> [B, H, T, d]
    }
}
