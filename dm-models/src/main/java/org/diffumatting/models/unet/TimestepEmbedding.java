package org.diffumatting.models.unet;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.Activation;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.Linear;
import org.diffumatting.models.nn.ParamInit;

/**
 * diffusers' {@code TimestepEmbedding} (diffusers/models/embeddings.py): the MLP
 * {@code linear_2(act(linear_1(t_emb)))}, [B, C_in] -> [B, time_embed_dim]; module {@code time_embedding}.
 */
public final class TimestepEmbedding extends DmModule {
    private final Linear linear1;
    private final Linear linear2;
    private final Activation act;

    public TimestepEmbedding(ParamInit init, int inChannels, int timeEmbedDim, Activation act) {
        this.act = act;
        this.linear1 = child("linear_1", new Linear(init, inChannels, timeEmbedDim, true));
        this.linear2 = child("linear_2", new Linear(init, timeEmbedDim, timeEmbedDim, true));
    }

    public Tensor forward(Tensor x) {
        return linear2.forward(act.apply(linear1.forward(x)));
    }
}
