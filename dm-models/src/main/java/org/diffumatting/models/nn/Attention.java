package org.diffumatting.models.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Multi-head attention as diffusers' {@code Attention} with {@code AttnProcessor2_0}
 * (diffusers/models/attention_processor.py), used by the UNet's transformer blocks (self- and
 * cross-attention) and the VAE mid-block (spatial self-attention with group norm and residual).
 *
 * <p>Parameters: {@code to_q} [inner, query_dim], {@code to_k}/{@code to_v} [inner, cross_dim]
 * (bias optional), {@code to_out.0} [query_dim, inner] with bias ({@code to_out.1} is dropout),
 * optional {@code group_norm} [query_dim]; inner = heads * dim_head.
 *
 * <p>Forward, with x [B, N, C] (or [B, C, H, W], flattened to N = H*W tokens):
 * q = x Wq, k = c Wk, v = c Wv (c = context or x), split heads -> [B, h, N, d],
 * softmax(q k^T / sqrt(d)) v via scaled_dot_product_attention, merge heads, out = to_out.0(.),
 * then + x if residual, / rescale_output_factor.
 */
public final class Attention extends DmModule {
    private final Linear toQ;
    private final Linear toK;
    private final Linear toV;
    private final Linear toOut;
    private final GroupNorm groupNorm;
    private final int heads;
    private final int dimHead;
    private final boolean residual;
    private final double rescaleOutputFactor;

    /**
     * @param crossAttentionDim context width for k/v, or null for self-attention
     * @param normGroups        groups of the input group norm, or null for none
     */
    public Attention(ParamInit init, int queryDim, Integer crossAttentionDim, int heads, int dimHead, boolean qkvBias,
                     Integer normGroups, double normEps, boolean residual, double rescaleOutputFactor) {
        this.heads = heads;
        this.dimHead = dimHead;
        this.residual = residual;
        this.rescaleOutputFactor = rescaleOutputFactor;
        int inner = heads * dimHead;
        int kvDim = crossAttentionDim == null ? queryDim : crossAttentionDim;
        this.groupNorm = normGroups == null ? null : child("group_norm", new GroupNorm(init, normGroups, queryDim, normEps));
        this.toQ = child("to_q", new Linear(init, queryDim, inner, qkvBias));
        this.toK = child("to_k", new Linear(init, kvDim, inner, qkvBias));
        this.toV = child("to_v", new Linear(init, kvDim, inner, qkvBias));
        ModuleList<DmModule> out = child("to_out", new ModuleList<>());
        this.toOut = (Linear) out.add(new Linear(init, inner, queryDim, true));
        out.add(new Identity()); // to_out.1: dropout
    }

    /**
     * @param x       [B, N, C] tokens or [B, C, H, W] feature map
     * @param context [B, T, D] for cross-attention, or null for self-attention
     * @return the same shape as {@code x}
     */
    public Tensor forward(Tensor x, Tensor context) {
        long[] shape = Shapes.of(x);
        boolean spatial = shape.length == 4;
        long b = shape[0];
        Tensor h = spatial ? x.view(b, shape[1], shape[2] * shape[3]).transpose(1, 2) : x; // [B, N, C]
        if (groupNorm != null) h = groupNorm.forward(h.transpose(1, 2)).transpose(1, 2);    // norm over C
        Tensor ctx = context == null ? h : context;
        Tensor q = splitHeads(toQ.forward(h), b);   // [B, heads, N, d]
        Tensor k = splitHeads(toK.forward(ctx), b); // [B, heads, T, d]
        Tensor v = splitHeads(toV.forward(ctx), b); // [B, heads, T, d]
        long lq = q.size(2);
        long lk = k.size(2);
        FlopCounter.add(4L * b * heads * lq * lk * dimHead);
        Tensor a = torch.scaled_dot_product_attention(q, k, v); // [B, heads, N, d]
        a = a.transpose(1, 2).reshape(b, lq, (long) heads * dimHead); // [B, N, heads*d]
        Tensor out = toOut.forward(a); // [B, N, C]
        if (spatial) out = out.transpose(1, 2).reshape(shape); // [B, C, H, W]
        if (residual) out = out.add(x);
        if (rescaleOutputFactor != 1.0) out = out.div(new org.bytedeco.pytorch.Scalar(rescaleOutputFactor));
        return out;
    }

    private Tensor splitHeads(Tensor t, long b) {
        return t.view(b, -1, heads, dimHead).transpose(1, 2);
    }
}
