package org.diffumatting.models.nn;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * How the parameters of a model being built are created: where (device), in which dtype, and with
 * which values.
 *
 * <ul>
 *   <li>{@link #seeded(long)}: PyTorch's default initialisation (uniform in [-b, b] with
 *       b = 1/sqrt(fan_in) for conv/linear weights and biases, i.e. kaiming_uniform(a=sqrt(5));
 *       norms get weight 1, bias 0), drawn from a private CPU generator with the given seed, so two
 *       builds with the same seed are bit-identical whatever else ran before.</li>
 *   <li>{@link #empty()}: uninitialised CPU memory; for models whose every parameter is about to be
 *       overwritten by a strict load (fast).</li>
 *   <li>{@link #meta()}: the meta device, no memory at all: names and shapes only
 *       ({@code dm model keys} lists the 860M-parameter SD 1.5 UNet instantly this way).</li>
 * </ul>
 * Parameters are created in float32 on the CPU and then moved to {@link #dtype()} / {@link #device()}.
 */
public final class ParamInit {
    /** What values new parameters get. */
    public enum Mode { SEEDED, EMPTY, META }

    private final Mode mode;
    private final torch.ScalarType dtype;
    private final Device device;
    private final Generator generator;

    private ParamInit(Mode mode, torch.ScalarType dtype, Device device, Generator generator) {
        this.mode = mode;
        this.dtype = dtype;
        this.device = device;
        this.generator = generator;
    }

    /** PyTorch-default random initialisation from a private generator seeded with {@code seed}; CPU, float32. */
    public static ParamInit seeded(long seed) {
        Generator g = torch.createCPUGenerator(seed);
        g.retainReference();
        return new ParamInit(Mode.SEEDED, torch.ScalarType.Float, null, g);
    }

    /** Uninitialised CPU float32 parameters (to be filled by a strict load). */
    public static ParamInit empty() {
        return new ParamInit(Mode.EMPTY, torch.ScalarType.Float, null, null);
    }

    /** Parameters on the meta device: shapes only, no storage, no forward. */
    public static ParamInit meta() {
        Device meta = new Device(torch.DeviceType.Meta);
        meta.retainReference();
        return new ParamInit(Mode.META, torch.ScalarType.Float, meta, null);
    }

    /** The same initialisation (sharing the generator), but parameters end in {@code newDtype}. */
    public ParamInit withDtype(torch.ScalarType newDtype) {
        return new ParamInit(mode, newDtype, device, generator);
    }

    /** The same initialisation (sharing the generator), but parameters end on {@code newDevice}; ignored for meta. */
    public ParamInit withDevice(Device newDevice) {
        return new ParamInit(mode, dtype, mode == Mode.META ? device : newDevice, generator);
    }

    public Mode mode() {
        return mode;
    }

    public torch.ScalarType dtype() {
        return dtype;
    }

    /** Target device, or null for the CPU. */
    public Device device() {
        return device;
    }

    /** A tensor of {@code shape} uniform in [-bound, bound] (seeded mode); uninitialised otherwise. */
    public Tensor uniform(long[] shape, double bound) {
        Tensor t = raw(shape);
        if (mode == Mode.SEEDED) t.uniform_(-bound, bound, new GeneratorOptional(generator));
        return finish(t);
    }

    /** A tensor of {@code shape} filled with {@code value} (seeded mode); uninitialised otherwise. */
    public Tensor constant(long[] shape, double value) {
        Tensor t = raw(shape);
        if (mode == Mode.SEEDED) t.fill_(new org.bytedeco.pytorch.Scalar(value));
        return finish(t);
    }

    /** PyTorch's default weight init for conv/linear: kaiming_uniform(a=sqrt(5)) = U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    public Tensor kaimingUniform(long[] shape, long fanIn) {
        return uniform(shape, 1.0 / Math.sqrt(fanIn));
    }

    private Tensor raw(long[] shape) {
        TensorOptions opt = new TensorOptions().dtype(new ScalarTypeOptional(torch.ScalarType.Float));
        if (mode == Mode.META) opt = opt.device(new DeviceOptional(device));
        return torch.empty(shape, opt, new MemoryFormatOptional());
    }

    private Tensor finish(Tensor t) {
        if (mode == Mode.META) return dtype == torch.ScalarType.Float ? t : t.to(dtype);
        Tensor out = t;
        if (dtype != torch.ScalarType.Float) out = out.to(dtype);
        if (device != null) out = out.to(device, dtype);
        return out;
    }
}
