package org.diffumatting.models.clip;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.Shapes;

/**
 * {@code torch.nn.Embedding(num, dim)}: parameter {@code weight} [num, dim]; forward looks rows up.
 * Seeded initialisation follows transformers' CLIPPreTrainedModel._init_weights in spread:
 * uniform with standard deviation {@code std} (bound std*sqrt(3)), since ParamInit draws uniforms.
 */
public final class EmbeddingTable extends DmModule {
    private final Tensor weight;
    private final long num;
    private final long dim;

    public EmbeddingTable(ParamInit init, int num, int dim, double std) {
        this.num = num;
        this.dim = dim;
        this.weight = param("weight", init.uniform(new long[]{num, dim}, std * Math.sqrt(3.0)));
    }

    /** @param ids [...] int64 in [0, num) -> [..., dim] */
    public Tensor forward(Tensor ids) {
        long[] shape = Shapes.of(ids);
        long[] outShape = java.util.Arrays.copyOf(shape, shape.length + 1);
        outShape[shape.length] = dim;
        return weight.index_select(0, ids.reshape(-1)).view(outShape); // [N] rows -> [..., dim]
    }

    public Tensor weight() {
        return weight;
    }

    public long size() {
        return num;
    }
}
