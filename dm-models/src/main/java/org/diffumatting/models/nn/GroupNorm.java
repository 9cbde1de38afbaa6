package org.diffumatting.models.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** {@code torch.nn.GroupNorm(num_groups, num_channels, eps, affine=True)}: {@code weight}, {@code bias} [C]. */
public final class GroupNorm extends DmModule {
    private final Tensor weight;
    private final Tensor bias;
    private final int groups;
    private final double eps;

    public GroupNorm(ParamInit init, int groups, int channels, double eps) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + channels + " channels are not divisible into " + groups + " groups");
        }
        this.groups = groups;
        this.eps = eps;
        this.weight = param("weight", init.constant(new long[] {channels}, 1.0));
        this.bias = param("bias", init.constant(new long[] {channels}, 0.0));
    }

    /** [B, C, ...] -> same shape. */
    public Tensor forward(Tensor x) {
        return torch.group_norm(x, groups, new TensorOptional(weight), new TensorOptional(bias), eps, true);
    }
}
