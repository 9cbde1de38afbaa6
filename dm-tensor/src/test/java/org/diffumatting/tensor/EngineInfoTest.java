package org.diffumatting.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EngineInfoTest {
    /** Surefire passes -Dorg.bytedeco.openblas.load=mkl (root pom dm.test.argLine): MKL must really be the BLAS. */
    @Test
    void mklIsLoadedWhenRequested() {
        assertEquals("mkl", System.getProperty("org.bytedeco.openblas.load"), "surefire argLine sets the MKL switch");
        try (MemoryScope s = MemoryScope.open()) {
            // a GEMM large enough to go through BLAS
            Tensors.toFloats(Noise.randn(new long[] {1}, 64, 64).matmul(Noise.randn(new long[] {2}, 64, 64)));
        }
        assertEquals(EngineInfo.Blas.MKL, EngineInfo.blas());
        String summary = EngineInfo.summary();
        assertTrue(summary.startsWith("libtorch 2.10.0-1.5.13, BLAS MKL, "), summary);
    }

    @Test
    void bf16RecommendationFollowsCpuFlags() throws java.io.IOException {
        String cpuinfo = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo"));
        boolean flag = cpuinfo.matches("(?s).*\\b(avx512_bf16|amx_bf16)\\b.*");
        assertEquals(flag, EngineInfo.cpuHasBf16());
        assertEquals(flag ? DType.BF16 : DType.F32, EngineInfo.recommendedCpuPrecision());
    }

    /** Devices.setThreads bounds MKL's BLAS threads too (libtorch's omp_set_num_threads reaches MKL's GNU-OpenMP layer). */
    @Test
    void setThreadsAlsoBoundsMklThreads() {
        org.junit.jupiter.api.Assumptions.assumeTrue(EngineInfo.blas() == EngineInfo.Blas.MKL);
        int before = Devices.threads();
        try {
            Devices.setThreads(1);
            assertEquals(1, org.bytedeco.mkl.global.mkl_rt.MKL_Get_Max_Threads());
            Devices.setThreads(2);
            assertEquals(2, org.bytedeco.mkl.global.mkl_rt.MKL_Get_Max_Threads());
        } finally {
            Devices.setThreads(before);
        }
    }
}
