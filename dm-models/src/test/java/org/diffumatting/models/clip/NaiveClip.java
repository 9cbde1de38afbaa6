package org.diffumatting.models.clip;

import java.util.Map;

/**
 * Loop-by-loop CLIP text forward (transformers modeling_clip.py semantics) used only to check the
 * libtorch implementation: embeddings, pre-norm blocks with causal softmax attention and quick_gelu,
 * final layer norm. Weights come by transformers name; Linear weights are [out, in].
 */
final class NaiveClip {
    private NaiveClip() {
    }

    static float[] forward(Map<String, float[]> w, CLIPTextConfig c, long[] ids, int batch, int len, int clipSkip) {
        int d = c.hiddenSize();
        float[] h = new float[batch * len * d];
        float[] tok = w.get("text_model.embeddings.token_embedding.weight");
        float[] pos = w.get("text_model.embeddings.position_embedding.weight");
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < len; t++) {
                for (int k = 0; k < d; k++) {
                    h[(b * len + t) * d + k] = tok[(int) ids[b * len + t] * d + k] + pos[t * d + k];
                }
            }
        }
        for (int l = 0; l < c.numHiddenLayers() - clipSkip; l++) {
            String p = "text_model.encoder.layers." + l + ".";
            float[] x = layerNorm(h, w.get(p + "layer_norm1.weight"), w.get(p + "layer_norm1.bias"), d, c.layerNormEps());
            float[] q = linear(x, w, p + "self_attn.q_proj", d, d);
            float[] k = linear(x, w, p + "self_attn.k_proj", d, d);
            float[] v = linear(x, w, p + "self_attn.v_proj", d, d);
            float[] a = attention(q, k, v, batch, len, c.numAttentionHeads(), c.headDim());
            float[] o = linear(a, w, p + "self_attn.out_proj", d, d);
            for (int i = 0; i < h.length; i++) {
                h[i] += o[i];
            }
            x = layerNorm(h, w.get(p + "layer_norm2.weight"), w.get(p + "layer_norm2.bias"), d, c.layerNormEps());
            float[] f = linear(x, w, p + "mlp.fc1", d, c.intermediateSize());
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) (f[i] / (1 + Math.exp(-1.702 * f[i])));
            }
            float[] m = linear(f, w, p + "mlp.fc2", c.intermediateSize(), d);
            for (int i = 0; i < h.length; i++) {
                h[i] += m[i];
            }
        }
        return layerNorm(h, w.get("text_model.final_layer_norm.weight"), w.get("text_model.final_layer_norm.bias"), d,
                c.layerNormEps());
    }

    static float[] linear(float[] x, Map<String, float[]> w, String name, int in, int out) {
        float[] wt = w.get(name + ".weight");
        float[] bias = w.get(name + ".bias");
        int rows = x.length / in;
        float[] y = new float[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = bias[o];
                for (int i = 0; i < in; i++) {
                    s += (double) x[r * in + i] * wt[o * in + i];
                }
                y[r * out + o] = (float) s;
            }
        }
        return y;
    }

    static float[] layerNorm(float[] x, float[] gamma, float[] beta, int d, double eps) {
        float[] y = new float[x.length];
        for (int r = 0; r < x.length / d; r++) {
            double mean = 0;
            for (int k = 0; k < d; k++) {
                mean += x[r * d + k];
            }
            mean /= d;
            double var = 0;
            for (int k = 0; k < d; k++) {
                double e = x[r * d + k] - mean;
                var += e * e;
            }
            var /= d;
            for (int k = 0; k < d; k++) {
                y[r * d + k] = (float) ((x[r * d + k] - mean) / Math.sqrt(var + eps) * gamma[k] + beta[k]);
            }
        }
        return y;
    }

    static float[] attention(float[] q, float[] k, float[] v, int batch, int len, int heads, int hd) {
        int d = heads * hd;
        float[] out = new float[q.length];
        double scale = 1.0 / Math.sqrt(hd);
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < len; i++) {
                    double[] s = new double[i + 1]; // causal: keys 0..i
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        double dot = 0;
                        for (int e = 0; e < hd; e++) {
                            dot += q[(b * len + i) * d + h * hd + e] * k[(b * len + j) * d + h * hd + e];
                        }
                        s[j] = dot * scale;
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int e = 0; e < hd; e++) {
                        double acc = 0;
                        for (int j = 0; j <= i; j++) {
                            acc += s[j] / sum * v[(b * len + j) * d + h * hd + e];
                        }
                        out[(b * len + i) * d + h * hd + e] = (float) acc;
                    }
                }
            }
        }
        return out;
    }
}
