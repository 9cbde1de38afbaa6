package org.diffumatting.models.clip;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.LayerNorm;
import org.diffumatting.models.nn.ParamInit;

/**
 * transformers {@code CLIPTextTransformer}: {@code embeddings}, {@code encoder.layers.N},
 * {@code final_layer_norm}.
 */
public final class CLIPTextTransformer extends DmModule {
    private final CLIPTextEmbeddings embeddings;
    private final CLIPEncoder encoder;
    private final LayerNorm finalLayerNorm;

    public CLIPTextTransformer(CLIPTextConfig config, ParamInit init) {
        this.embeddings = child("embeddings", new CLIPTextEmbeddings(config, init));
        this.encoder = child("encoder", new CLIPEncoder(config, init));
        this.finalLayerNorm = child("final_layer_norm", new LayerNorm(init, config.hiddenSize(), config.layerNormEps()));
    }

    /**
     * @param inputIds [B, T] int64
     * @param clipSkip 0: all L layers; k > 0: stop after layer L-k (diffusers' clip_skip: hidden_states[-(k+1)])
     * @return final_layer_norm of the chosen hidden state, [B, T, D]
     */
    public Tensor forward(Tensor inputIds, int clipSkip) {
        if (clipSkip < 0 || clipSkip >= encoder.size()) {
            throw new IllegalArgumentException("clip_skip must be in [0, " + (encoder.size() - 1) + "], got " + clipSkip);
        }
        Tensor h = embeddings.forward(inputIds); // [B, T, D]
        h = encoder.forward(h, encoder.size() - clipSkip); // [B, T, D]
        return finalLayerNorm.forward(h);
    }
}
