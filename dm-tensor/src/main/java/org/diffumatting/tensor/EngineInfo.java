package org.diffumatting.tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/**
 * What the native engine is running on: libtorch version, which BLAS got loaded, intra-op threads, CUDA.
 * The BLAS check reads the shared objects mapped into this process, because JavaCPP silently falls back to
 * OpenBLAS when {@code -Dorg.bytedeco.openblas.load=mkl} is missing (2-3x slower, ENGINE.md pitfall 1).
 */
public final class EngineInfo {
    private EngineInfo() {}

    /** Which BLAS libtorch calls into. */
    public enum Blas { MKL, OPENBLAS, UNKNOWN }

    /** Loads libtorch (if not yet) and reports the BLAS library mapped into the process (Linux; UNKNOWN elsewhere). */
    public static Blas blas() {
        Loader.load(torch.class);
        List<String> maps;
        try {
            maps = Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException | RuntimeException e) {
            return Blas.UNKNOWN;
        }
        boolean mkl = false;
        boolean openblas = false;
        for (String line : maps) {
            // JavaCPP's MKL redist ships its own libopenblas.so.0 shim that forwards to libmkl_rt
            if (line.contains("libmkl_rt")) mkl = true;
            else if (line.contains("libopenblas")) openblas = true;
        }
        return mkl ? Blas.MKL : openblas ? Blas.OPENBLAS : Blas.UNKNOWN;
    }

    /**
     * True when the CPU has native bfloat16 arithmetic (x86 {@code avx512_bf16} or {@code amx_bf16} in
     * /proc/cpuinfo). Without it libtorch emulates bf16 and CPU autocast is several times slower than fp32
     * (measured 3-7x on an AVX2-only AMD EPYC), so {@link #recommendedCpuPrecision()} stays fp32.
     */
    public static boolean cpuHasBf16() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    for (String flag : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                        if (flag.equals("avx512_bf16") || flag.equals("amx_bf16")) return true;
                    }
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** BF16 (for {@link Autocast}) where the CPU computes it natively, F32 otherwise. */
    public static DType recommendedCpuPrecision() {
        return cpuHasBf16() ? DType.BF16 : DType.F32;
    }

    /** The JavaCPP pytorch artifact version, e.g. {@code 2.10.0-1.5.13}. */
    public static String libtorchVersion() {
        try {
            String v = Loader.getVersion("org.bytedeco", "pytorch");
            return v == null ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** One line for logs and {@code dm bench tensor}. */
    public static String summary() {
        Blas b = blas();
        String hint = b == Blas.MKL ? "" : " (add -Dorg.bytedeco.openblas.load=mkl for MKL)";
        return "libtorch " + libtorchVersion() + ", BLAS " + b + hint + ", " + Devices.threads() + " intra-op threads, CPU bf16 "
                + (cpuHasBf16() ? "native" : "emulated (use fp32 on CPU)") + ", CUDA "
                + (Devices.cudaAvailable() ? Devices.cudaDeviceCount() + " device(s)" : "not available");
    }
}
