package org.diffumatting.models.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** {@code torch.nn.LayerNorm(dim, eps, elementwise_affine=True)} over the last dimension. */
public final class LayerNorm extends DmModule {
    private final Tensor weight;
    private final Tensor bias;
    private final long dim;
    private final double eps;

    public LayerNorm(ParamInit init, int dim, double eps) {
        this.dim = dim;
        this.eps = eps;
        this.weight = param("weight", init.constant(new long[] {dim}, 1.0));
        this.bias = param("bias", init.constant(new long[] {dim}, 0.0));
    }

    /** [..., dim] -> same shape. */
    public Tensor forward(Tensor x) {
        return torch.layer_norm(x, new long[] {dim}, new TensorOptional(weight), new TensorOptional(bias), eps, true);
    }
}
