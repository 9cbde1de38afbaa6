package org.diffumatting.tensor;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Seeded, batch-invariant standard Gaussian noise.
 *
 * <p>Sample {@code b} is drawn from its own CPU generator seeded with {@code seeds[b]}, exactly like
 * diffusers' {@code randn_tensor(shape, generator=[torch.Generator("cpu").manual_seed(s) for s in seeds])}
 * (diffusers/utils/torch_utils.py: one {@code torch.randn((1, *shape[1:]), generator=g)} per sample,
 * concatenated on dim 0). Hence a sample's noise does not depend on the batch it is in, nor on the device
 * (drawn on CPU, then moved), and equals PyTorch's {@code torch.manual_seed(s); torch.randn(shape)} on CPU.
 */
public final class Noise {
    private Noise() {}

    /** {@code [B, ...perSampleShape]} float32 on CPU, {@code B = seeds.length}. */
    public static Tensor randn(long[] seeds, long... perSampleShape) {
        if (seeds.length == 0) throw new IllegalArgumentException("Noise.randn needs at least one seed");
        Tensors.numel(perSampleShape); // validates the shape
        TensorVector samples = new TensorVector();
        for (long seed : seeds) {
            Generator g = torch.createCPUGenerator(seed);
            Tensor x = torch.randn(perSampleShape, new GeneratorOptional(g), new TensorOptions(ScalarType.Float));
            samples.push_back(x.unsqueeze(0));
        }
        return torch.cat(samples, 0);
    }

    /** As {@link #randn(long[], long...)}, converted to {@code dtype} on {@code device} (drawn in float32 on CPU). */
    public static Tensor randn(Device device, DType dtype, long[] seeds, long... perSampleShape) {
        if (!dtype.isFloatingPoint()) throw new IllegalArgumentException("noise needs a floating dtype, got " + dtype);
        Tensor cpu = randn(seeds, perSampleShape);
        return cpu.to(device, dtype.scalarType());
    }

    /** Seeds {@code base, base+1, ...}: the convention for "one --seed for a batch of n samples". */
    public static long[] consecutiveSeeds(long base, int n) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) s[i] = base + i;
        return s;
    }
}
