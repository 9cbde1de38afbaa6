package org.diffumatting.models.unet;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.Attention;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.LayerNorm;
import org.diffumatting.models.nn.ParamInit;

/**
 * diffusers' {@code BasicTransformerBlock} as SD uses it (norm_type "layer_norm", no attention bias,
 * diffusers/models/attention.py), pre-norm with residuals:
 * <pre>
 *   x = x + attn1(norm1(x))            // self-attention
 *   x = x + attn2(norm2(x), context)   // cross-attention to the text embeddings [B, T, D]
 *   x = x + ff(norm3(x))               // GEGLU feed-forward
 * </pre>
 */
public final class BasicTransformerBlock extends DmModule {
    private final LayerNorm norm1;
    private final Attention attn1;
    private final LayerNorm norm2;
    private final Attention attn2;
    private final LayerNorm norm3;
    private final FeedForwardGeglu ff;

    public BasicTransformerBlock(ParamInit init, int dim, int heads, int dimHead, int crossAttentionDim) {
        this.norm1 = child("norm1", new LayerNorm(init, dim, 1e-5));
        this.attn1 = child("attn1", new Attention(init, dim, null, heads, dimHead, false, null, 0, false, 1.0));
        this.norm2 = child("norm2", new LayerNorm(init, dim, 1e-5));
        this.attn2 = child("attn2", new Attention(init, dim, crossAttentionDim, heads, dimHead, false, null, 0, false, 1.0));
        this.norm3 = child("norm3", new LayerNorm(init, dim, 1e-5));
        this.ff = child("ff", new FeedForwardGeglu(init, dim, 4));
    }

    /** x [B, N, dim], context [B, T, D] -> [B, N, dim]. */
    public Tensor forward(Tensor x, Tensor context) {
        Tensor h = x.add(attn1.forward(norm1.forward(x), null));
        h = h.add(attn2.forward(norm2.forward(h), context));
        return h.add(ff.forward(norm3.forward(h)));
    }
}
