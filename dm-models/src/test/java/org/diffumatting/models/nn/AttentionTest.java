package org.diffumatting.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.models.loading.StateDict;
import org.diffumatting.tensor.Noise;
import org.junit.jupiter.api.Test;

/** Attention against a naive per-head softmax(q k^T / sqrt(d)) v written out with matmuls. */
class AttentionTest {

    private static double maxDiff(Tensor a, Tensor b) {
        return a.sub(b).abs().max().item_double();
    }

    private static Tensor lin(Map<String, Tensor> sd, String name, Tensor x) {
        Tensor b = sd.get(name + ".bias");
        return torch.linear(x, sd.get(name + ".weight"), b == null ? new TensorOptional() : new TensorOptional(b));
    }

    @Test
    void crossAttentionMatchesTheNaiveFormula() {
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            int heads = 2, dh = 4, dim = 6, ctxDim = 5;
            Attention a = new Attention(ParamInit.seeded(1), dim, ctxDim, heads, dh, false, null, 0, false, 1.0);
            Map<String, Tensor> sd = StateDict.of(a);
            Tensor x = Noise.randn(new long[] {1, 2}, 3, dim);     // [B=2, N=3, 6]
            Tensor c = Noise.randn(new long[] {3, 4}, 7, ctxDim);  // [B=2, T=7, 5]
            Tensor q = lin(sd, "to_q", x), k = lin(sd, "to_k", c), v = lin(sd, "to_v", c);
            Tensor[] outs = new Tensor[heads];
            for (int h = 0; h < heads; h++) {
                Tensor qh = q.narrow(2, (long) h * dh, dh), kh = k.narrow(2, (long) h * dh, dh), vh = v.narrow(2, (long) h * dh, dh);
                Tensor w = torch.matmul(qh, kh.transpose(1, 2)).div(new Scalar(Math.sqrt(dh))).softmax(-1); // [B, N, T]
                outs[h] = torch.matmul(w, vh); // [B, N, dh]
            }
            Tensor naive = lin(sd, "to_out.0", torch.cat(new org.bytedeco.pytorch.TensorVector(outs), 2));
            Tensor got = a.forward(x, c);
            assertArrayEquals(new long[] {2, 3, dim}, Shapes.of(got));
            assertTrue(maxDiff(got, naive) < 1e-5, "max diff " + maxDiff(got, naive));
        }
    }

    @Test
    void spatialAttentionNormalisesAddsTheResidualAndKeepsTheMapShape() {
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            int ch = 8;
            Attention a = new Attention(ParamInit.seeded(2), ch, null, 1, ch, true, 4, 1e-6, true, 1.0);
            Map<String, Tensor> sd = StateDict.of(a);
            Tensor x = Noise.randn(new long[] {5}, ch, 3, 5); // [1, 8, 3, 5]
            Tensor h = torch.group_norm(x, 4, new TensorOptional(sd.get("group_norm.weight")), new TensorOptional(sd.get("group_norm.bias")), 1e-6, true);
            Tensor tok = h.view(1, ch, 15).transpose(1, 2); // [1, 15, 8]
            Tensor q = lin(sd, "to_q", tok), k = lin(sd, "to_k", tok), v = lin(sd, "to_v", tok);
            Tensor w = torch.matmul(q, k.transpose(1, 2)).div(new Scalar(Math.sqrt(ch))).softmax(-1);
            Tensor o = lin(sd, "to_out.0", torch.matmul(w, v)).transpose(1, 2).reshape(1, ch, 3, 5).add(x);
            Tensor got = a.forward(x, null);
            assertArrayEquals(new long[] {1, ch, 3, 5}, Shapes.of(got));
            assertTrue(maxDiff(got, o) < 1e-5, "max diff " + maxDiff(got, o));
        }
    }
}
