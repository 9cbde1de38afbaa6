package org.diffumatting.tensor.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.tensor.DType;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    /** The raw bytes of a CPU tensor. */
    static byte[] rawBytes(Tensor t) {
        Tensor c = t.contiguous();
        byte[] b = new byte[(int) c.nbytes()];
        if (b.length > 0) new BytePointer(c.data_ptr()).get(b, 0, b.length);
        return b;
    }

    @Test
    void everyDtypeRoundTripsBitExactly() {
        try (MemoryScope s = MemoryScope.open()) {
            // values that exercise rounding, subnormals, signed zero, infinities and NaN payloads
            float[] v = {0f, -0f, 1f, -2.5f, 3.1415927f, 1e-30f, -65504f, 1e20f, Float.MIN_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
            Tensor f32 = Tensors.fromFloats(v, 3, 4);
            Map<String, Tensor> in = new LinkedHashMap<>();
            in.put("w.f32", f32);
            in.put("w.f16", f32.to(DType.F16.scalarType()));
            in.put("w.bf16", f32.to(DType.BF16.scalarType()));
            in.put("ids.i64", Tensors.fromLongs(new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 42}, 2, 3));
            in.put("scalar", Tensors.scalar(7f));
            in.put("empty", Tensors.fromFloats(new float[0], 0, 5));
            Path p = dir.resolve("all.safetensors");
            SafetensorsWriter.write(p, in, Map.of("format", "pt"));

            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                assertEquals(List.copyOf(in.keySet()), List.copyOf(f.names()), "given order is kept");
                for (Map.Entry<String, Tensor> e : in.entrySet()) {
                    Tensor back = f.load(e.getKey());
                    assertEquals(Tensors.dtype(e.getValue()), Tensors.dtype(back), e.getKey());
                    assertArrayEquals(Tensors.shape(e.getValue()), Tensors.shape(back), e.getKey());
                    assertArrayEquals(rawBytes(e.getValue()), rawBytes(back), e.getKey() + " bytes");
                    assertEquals(Tensors.dtype(e.getValue()), f.info(e.getKey()).dtype());
                }
                assertArrayEquals(new long[0], f.info("scalar").shape());
                assertEquals(Map.of("format", "pt"), f.metadata());
            }
        }
    }

    @Test
    void viewsAreWrittenInLogicalOrder() {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor base = Tensors.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Map<String, Tensor> in = new LinkedHashMap<>();
            in.put("row1", base.select(0, 1));   // contiguous view with a storage offset
            in.put("transposed", base.t());      // non-contiguous view
            Path p = dir.resolve("views.safetensors");
            SafetensorsWriter.write(p, in, null);
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                assertArrayEquals(new float[] {4, 5, 6}, Tensors.toFloats(f.load("row1")));
                assertArrayEquals(new long[] {3, 2}, f.info("transposed").shape());
                assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, Tensors.toFloats(f.load("transposed")));
            }
        }
    }

    @Test
    void loadConvertsDtype() {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor f32 = Tensors.fromFloats(new float[] {1f, 1.00390625f, -3.5f, 0.1f}, 4);
            Path p = dir.resolve("c.safetensors");
            SafetensorsWriter.write(p, Map.of("x", f32), null);
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                Tensor bf = f.load("x", DType.BF16);
                assertEquals(DType.BF16, Tensors.dtype(bf));
                // 1.00390625 = 1 + 2^-8 is a tie between bf16 neighbours 1 and 1 + 2^-7: round to even gives 1
                assertArrayEquals(new float[] {1f, 1f, -3.5f, 0.10009765625f}, Tensors.toFloats(bf));
                assertArrayEquals(new float[] {1f, 1.00390625f, -3.5f, 0.1f}, Tensors.toFloats(f.load("x", DType.F32)));
                assertEquals(f.info("x").dtype(), DType.F32);
                assertEquals(f.metadata(), Map.of());
            }
        }
    }

    /** Byte-exact against the reference serializer's own test vectors (huggingface/safetensors tensor.rs tests). */
    @Test
    void headerLayoutMatchesReference() throws IOException {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor t = Tensors.fromFloats(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3);
            Path p = dir.resolve("ref.safetensors");
            SafetensorsWriter.write(p, Map.of("attn.0", t), null);
            byte[] got = Files.readAllBytes(p);
            String json = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
            assertEquals(64, json.length(), "already 8-aligned: no padding");
            assertEquals(64, got[0]);
            assertEquals(json, new String(got, 8, 64, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(8 + 64 + 24, got.length);

            // "attn0" with shape [1,1,2,3]: 65 JSON bytes padded with 7 spaces to 72
            SafetensorsWriter.write(p, Map.of("attn0", t.reshape(1, 1, 2, 3)), null);
            got = Files.readAllBytes(p);
            assertEquals(72, got[0]);
            String header = new String(got, 8, 72, java.nio.charset.StandardCharsets.UTF_8);
            assertEquals("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ", header);

            // no tensors, metadata only: {"__metadata__":{"framework":"pt"}} + 5 spaces = 40
            SafetensorsWriter.write(p, Map.of(), Map.of("framework", "pt"));
            got = Files.readAllBytes(p);
            assertEquals(48, got.length);
            assertEquals(40, got[0]);
            assertEquals("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new String(got, 8, 40, java.nio.charset.StandardCharsets.UTF_8));
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                assertEquals(0, f.names().size());
                assertEquals("pt", f.metadata().get("framework"));
            }
        }
    }

    @Test
    void sortedWriteUsesReferenceOrder() {
        try (MemoryScope s = MemoryScope.open()) {
            Map<String, Tensor> in = new LinkedHashMap<>();
            Tensor x = Tensors.fromFloats(new float[] {1, 2, 3}, 3);
            in.put("b.half", x.to(DType.F16.scalarType()));
            in.put("a.half", x.to(DType.F16.scalarType()));
            in.put("z.float", x);
            in.put("c.bf16", x.to(DType.BF16.scalarType()));
            in.put("ids", Tensors.fromLongs(new long[] {1}, 1));
            Path p = dir.resolve("sorted.safetensors");
            SafetensorsWriter.writeSorted(p, in, null);
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                assertEquals(List.of("ids", "z.float", "c.bf16", "a.half", "b.half"), List.copyOf(f.names()));
                assertEquals(8, f.info("z.float").begin());
            }
        }
    }

    @Test
    void chunkedMappingReassemblesTensors() {
        try (MemoryScope s = MemoryScope.open()) {
            Map<String, Tensor> in = new LinkedHashMap<>();
            in.put("odd", Tensors.fromFloats(new float[] {1f, 2f, 3f}, 3).to(DType.F16.scalarType())); // 6 bytes: later data unaligned
            in.put("big", org.diffumatting.tensor.Noise.randn(new long[] {5}, 1000));
            Path p = dir.resolve("chunks.safetensors");
            SafetensorsWriter.write(p, in, null);
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                assertEquals(6, f.info("big").begin());
                for (long chunk : new long[] {7, 1024, 4000, 1L << 30}) {
                    assertArrayEquals(rawBytes(in.get("big")), rawBytes(f.load("big", chunk)), "chunk " + chunk);
                }
                f.close();
                org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> f.load("big"));
            }
        }
    }
}
