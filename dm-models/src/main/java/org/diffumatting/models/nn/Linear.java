package org.diffumatting.models.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** Affine map like {@code torch.nn.Linear}: {@code weight} [out, in], {@code bias} [out] (optional). */
public final class Linear extends DmModule {
    private final Tensor weight;
    private final Tensor bias;
    private final int in;
    private final int out;

    public Linear(ParamInit init, int in, int out, boolean bias) {
        this.in = in;
        this.out = out;
        this.weight = param("weight", init.kaimingUniform(new long[] {out, in}, in));
        this.bias = bias ? param("bias", init.kaimingUniform(new long[] {out}, in)) : null;
    }

    /** [..., in] -> [..., out]. */
    public Tensor forward(Tensor x) {
        long rows = Shapes.numel(Shapes.of(x)) / in;
        FlopCounter.add(2L * rows * in * out);
        return torch.linear(x, weight, bias == null ? new TensorOptional() : new TensorOptional(bias));
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }
}
