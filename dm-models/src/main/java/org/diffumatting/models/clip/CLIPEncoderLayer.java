package org.diffumatting.models.clip;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.LayerNorm;
import org.diffumatting.models.nn.ParamInit;

/**
 * One pre-norm transformer block (transformers {@code CLIPEncoderLayer}):
 * {@code h = x + self_attn(layer_norm1(x)); out = h + mlp(layer_norm2(h))}.
 */
public final class CLIPEncoderLayer extends DmModule {
    private final CLIPAttention selfAttn;
    private final LayerNorm layerNorm1;
    private final CLIPMLP mlp;
    private final LayerNorm layerNorm2;

    public CLIPEncoderLayer(CLIPTextConfig config, ParamInit init) {
        this.selfAttn = child("self_attn", new CLIPAttention(config, init));
        this.layerNorm1 = child("layer_norm1", new LayerNorm(init, config.hiddenSize(), config.layerNormEps()));
        this.mlp = child("mlp", new CLIPMLP(config, init));
        this.layerNorm2 = child("layer_norm2", new LayerNorm(init, config.hiddenSize(), config.layerNormEps()));
    }

    /** @param x [B, T, D] -> [B, T, D] */
    public Tensor forward(Tensor x) {
        Tensor h = x.add(selfAttn.forward(layerNorm1.forward(x)));
        return h.add(mlp.forward(layerNorm2.forward(h)));
    }
}
