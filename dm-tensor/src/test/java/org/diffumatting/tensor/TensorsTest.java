package org.diffumatting.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;
import org.junit.jupiter.api.Test;

class TensorsTest {
    @Test
    void arraysRoundTrip() {
        try (MemoryScope s = MemoryScope.open()) {
            float[] v = {1, 2, 3, 4, 5, 6};
            Tensor t = Tensors.fromFloats(v, 2, 3);
            assertArrayEquals(new long[] {2, 3}, Tensors.shape(t));
            assertEquals(DType.F32, Tensors.dtype(t));
            assertArrayEquals(v, Tensors.toFloats(t), 0f);
            v[0] = 99; // the tensor holds a copy
            assertEquals(1f, Tensors.toFloats(t)[0]);
            // a non-contiguous view is read in its logical order
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, Tensors.toFloats(t.t()), 0f);
            long[] ids = {Long.MIN_VALUE, 0, Long.MAX_VALUE};
            assertArrayEquals(ids, Tensors.toLongs(Tensors.fromLongs(ids, 3)));
            assertEquals(7f, Tensors.item(Tensors.scalar(7f)));
            Tensor bf = Tensors.fromFloats(new float[] {0.1f, 3f}, DType.BF16, Devices.cpu(), 2);
            assertEquals(DType.BF16, Tensors.dtype(bf));
            assertArrayEquals(new float[] {0.10009765625f, 3f}, Tensors.toFloats(bf), 0f);
        }
    }

    @Test
    void shapeErrorsAreReadable() {
        try (MemoryScope s = MemoryScope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensors.fromFloats(new float[5], 2, 3));
            assertEquals("data has 5 values but shape [2, 3] needs 6", e.getMessage());
            Tensor t = Tensors.fromFloats(new float[24], 2, 3, 2, 2);
            Tensors.checkShape(t, "latents", -1, 3, 2, 2);
            e = assertThrows(IllegalArgumentException.class, () -> Tensors.checkShape(t, "UNet latents [B,4,H,W]", -1, 4, -1, -1));
            assertEquals("UNet latents [B,4,H,W]: expected shape [*, 4, *, *], got [2, 3, 2, 2]", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Tensors.checkSameShape(t, t.view(6, 4), "noise vs latents"));
            assertEquals("noise vs latents: shapes differ, [2, 3, 2, 2] vs [6, 4]", e.getMessage());
        }
    }

    @Test
    void dtypesAndDevices() {
        assertEquals(DType.BF16, DType.fromSafetensors("BF16"));
        assertEquals(DType.F16, DType.parse("fp16"));
        assertEquals(DType.F32, DType.parse(" FP32 "));
        assertEquals(2, DType.BF16.byteSize());
        assertEquals("I64", DType.I64.safetensorsName());
        assertThrows(DmException.class, () -> DType.fromSafetensors("F64"));
        assertThrows(DmException.class, () -> DType.parse("int8"));
        for (DType d : DType.values()) assertEquals(d, DType.fromScalarType(d.scalarType()));

        assertTrue(Devices.parse("cpu").is_cpu());
        assertEquals("cpu", Devices.name(Devices.parse("CPU")));
        DmException e = assertThrows(DmException.class, () -> Devices.parse("gpu0"));
        assertTrue(e.getMessage().contains("unknown device 'gpu0'"), e.getMessage());
        if (!Devices.cudaAvailable()) {
            e = assertThrows(DmException.class, () -> Devices.parse("cuda:0"));
            assertTrue(e.getMessage().contains("no CUDA device available"), e.getMessage());
        }
        int before = Devices.threads();
        try {
            Devices.setThreads(1);
            assertEquals(1, Devices.threads());
        } finally {
            Devices.setThreads(before);
        }
        assertThrows(DmException.class, () -> Devices.setThreads(0));
        assertFalse(DType.I64.isFloatingPoint());
    }
}
