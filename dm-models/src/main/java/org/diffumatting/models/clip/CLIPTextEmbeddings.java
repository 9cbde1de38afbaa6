package org.diffumatting.models.clip;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.ParamInit;

/**
 * Token + learned absolute position embeddings (transformers {@code CLIPTextEmbeddings}):
 * {@code token_embedding [V, D]}, {@code position_embedding [T_max, D]}; out = tok(ids) + pos(0..T-1).
 * Seeded init spreads: token 0.02, position 0.01 (transformers _init_weights, factor 1).
 *
 * <p>transformers also has a {@code position_ids} buffer ([1, T_max] = 0..T_max-1). It is not a
 * parameter, not persistent in current transformers, but present in older saves (SD 1.5's
 * text_encoder/model.safetensors and single-file checkpoints may contain it). This module computes
 * the positions instead of storing them; {@link CLIPTextModel#OPTIONAL_CHECKPOINT_KEYS} lists the
 * key so loading accepts files with and without it.
 */
public final class CLIPTextEmbeddings extends DmModule {
    private final EmbeddingTable tokenEmbedding;
    private final EmbeddingTable positionEmbedding;
    private final int maxPositions;

    public CLIPTextEmbeddings(CLIPTextConfig config, ParamInit init) {
        double factor = config.initializerFactor();
        this.tokenEmbedding = child("token_embedding",
                new EmbeddingTable(init, config.vocabSize(), config.hiddenSize(), 0.02 * factor));
        this.positionEmbedding = child("position_embedding",
                new EmbeddingTable(init, config.maxPositionEmbeddings(), config.hiddenSize(), 0.01 * factor));
        this.maxPositions = config.maxPositionEmbeddings();
    }

    /** @param inputIds [B, T] int64, T <= T_max -> [B, T, D] */
    public Tensor forward(Tensor inputIds) {
        long t = inputIds.size(1);
        if (t > maxPositions) {
            throw new IllegalArgumentException("sequence length " + t + " > max_position_embeddings " + maxPositions);
        }
        Tensor positions = torch.arange(new Scalar(t),
                new TensorOptions(inputIds.device()).dtype(new ScalarTypeOptional(torch.ScalarType.Long))); // [T]
        return tokenEmbedding.forward(inputIds).add(positionEmbedding.forward(positions)); // [B,T,D] + [T,D]
    }
}
