package org.diffumatting.tensor;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.diffumatting.common.DmException;

/**
 * Device selection and CPU thread control. A {@link Device} is a small native object: these methods
 * return a fresh one on each call, so it is freed with the {@link MemoryScope} it was made in (never
 * cache one created inside a scope).
 *
 * <p>CUDA needs the GPU build of libtorch ({@code mvn -Pcuda ...}, see docs/NOTES-tensor.md); the
 * default build is CPU-only and {@link #parse} refuses {@code cuda} there with a readable message.
 */
public final class Devices {
    private static final Pattern CUDA = Pattern.compile("cuda(?::(\\d+))?");

    private Devices() {}

    /** The CPU device. */
    public static Device cpu() {
        return new Device(DeviceType.CPU);
    }

    /** True when libtorch was built with CUDA and sees at least one GPU. */
    public static boolean cudaAvailable() {
        return torch.cuda_is_available();
    }

    /** Number of visible CUDA devices (0 on the CPU build). */
    public static int cudaDeviceCount() {
        return torch.cuda_is_available() ? torch.cuda_device_count() : 0;
    }

    /**
     * Parses {@code "cpu"}, {@code "cuda"} (device 0) or {@code "cuda:N"}.
     *
     * @throws DmException for another spelling, or for a CUDA device that this build or machine lacks
     */
    public static Device parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) return cpu();
        Matcher m = CUDA.matcher(s);
        if (!m.matches()) throw new DmException("unknown device '" + spec + "' (use cpu, cuda or cuda:N)");
        int index = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        int count = cudaDeviceCount();
        if (count == 0) {
            throw new DmException("device '" + spec + "': no CUDA device available (this libtorch build is CPU-only "
                    + "unless built with -Pcuda, or no GPU is visible); use --device cpu");
        }
        if (index >= count) {
            throw new DmException("device '" + spec + "': only " + count + " CUDA device(s) visible (cuda:0..cuda:" + (count - 1) + ")");
        }
        return new Device(DeviceType.CUDA, (byte) index);
    }

    /** A readable name such as {@code cpu} or {@code cuda:0}. */
    public static String name(Device d) {
        return d.str().getString();
    }

    /**
     * Sets libtorch's intra-op thread count (OpenMP threads used inside one op such as a convolution or
     * GEMM). With MKL loaded this also bounds the BLAS threads, avoiding the oversubscription described in
     * ENGINE.md pitfall 1. Call it once at start-up, before the first op.
     */
    public static void setThreads(int n) {
        if (n < 1) throw new DmException("thread count must be at least 1, got " + n);
        torch.set_num_threads(n);
    }

    /** The current intra-op thread count. */
    public static int threads() {
        return torch.get_num_threads();
    }
}
