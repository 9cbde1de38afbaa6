package org.diffumatting.models.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * 2-D convolution with square kernel, like {@code torch.nn.Conv2d}: parameters {@code weight}
 * [C_out, C_in, k, k] and {@code bias} [C_out] (optional).
 */
public final class Conv2d extends DmModule {
    private final Tensor weight;
    private final Tensor bias;
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;

    public Conv2d(ParamInit init, int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        long fanIn = (long) inChannels * kernel * kernel;
        this.weight = param("weight", init.kaimingUniform(new long[] {outChannels, inChannels, kernel, kernel}, fanIn));
        this.bias = bias ? param("bias", init.kaimingUniform(new long[] {outChannels}, fanIn)) : null;
    }

    /** Conv with bias, stride 1 and "same" padding (k/2). */
    public Conv2d(ParamInit init, int inChannels, int outChannels, int kernel) {
        this(init, inChannels, outChannels, kernel, 1, kernel / 2, true);
    }

    /** [B, C_in, H, W] -> [B, C_out, H', W']. */
    public Tensor forward(Tensor x) {
        long[] s = Shapes.of(x);
        long hOut = (s[2] + 2L * padding - kernel) / stride + 1;
        long wOut = (s[3] + 2L * padding - kernel) / stride + 1;
        FlopCounter.add(2L * s[0] * outChannels * hOut * wOut * inChannels * kernel * kernel);
        return torch.conv2d(x, weight, bias == null ? new TensorOptional() : new TensorOptional(bias),
                new long[] {stride, stride}, new long[] {padding, padding}, new long[] {1, 1}, 1);
    }

    public Tensor weight() {
        return weight;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }
}
