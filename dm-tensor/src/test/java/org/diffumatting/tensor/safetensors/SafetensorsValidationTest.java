package org.diffumatting.tensor.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed files: every error is a DmException naming the file, and the tensor and byte range where there is one. */
class SafetensorsValidationTest {
    @TempDir
    Path dir;

    /** A file with header length {@code n}, then {@code header} bytes as given, then {@code dataBytes} zero bytes. */
    private Path raw(String name, long n, byte[] header, int dataBytes) throws IOException {
        Path p = dir.resolve(name);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(n).put(header);
        Files.write(p, b.array());
        return p;
    }

    private Path raw(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return raw(name, h.length, h, dataBytes);
    }

    private DmException refused(Path p) {
        DmException e = assertThrows(DmException.class, () -> SafetensorsFile.open(p).close());
        assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) assertTrue(message.contains(part), "'" + part + "' missing in: " + message);
    }

    @Test
    void validHandWrittenFileOpens() throws IOException {
        // tensors listed out of data order, with extra spaces: still valid
        Path p = raw("ok.safetensors",
                "{ \"b\": {\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[16,24]}, "
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}   ", 24);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(java.util.List.of("a", "b"), java.util.List.copyOf(f.names()), "data order");
            assertEquals(16, f.info("b").begin());
            assertEquals(0L, Tensors.toLongs(f.load("b"))[0]);
        }
    }

    @Test
    void zeroLengthTensorAtABoundaryAndUnknownFieldsAreAccepted() throws IOException {
        // as the reference reader: an empty tensor may share its offset with the next tensor's start
        Path p = raw("empty.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1},"
                + "\"z\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", 4);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(0, f.load("z").numel());
            assertEquals(1, f.load("a").numel());
        }
        // but not inside another tensor
        p = raw("inside.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"z\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[2,2]}}", 4);
        assertContains(refused(p).getMessage(), "'a' [0, 4)", "'z' [2, 2)", "overlap");
    }

    @Test
    void unsupportedAndUnknownDtypes() throws IOException {
        Path p = raw("f64.safetensors", "{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16);
        assertContains(refused(p).getMessage(), "tensor 'w'", "unsupported dtype 'F64'", "F32, F16, BF16, I64");
        p = raw("q.safetensors", "{\"w\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16);
        assertContains(refused(p).getMessage(), "tensor 'w'", "unknown dtype 'Q4'");
        p = raw("lower.safetensors", "{\"w\":{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        assertContains(refused(p).getMessage(), "unknown dtype 'f32'");
    }

    @Test
    void truncatedFileNamesTensorAndRange() throws IOException {
        Path p = dir.resolve("t.safetensors");
        try (MemoryScope s = MemoryScope.open()) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            m.put("first", Tensors.fromFloats(new float[4], 4));
            m.put("second", Tensors.fromFloats(new float[8], 2, 4));
            SafetensorsWriter.write(p, m, null);
        }
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(f.length() - 5);
        }
        assertContains(refused(p).getMessage(), "tensor 'second'", "bytes [16, 48)", "data section of 43 bytes", "truncated");
    }

    @Test
    void headerLengthOverflow() throws IOException {
        byte[] h = "{}".getBytes(StandardCharsets.UTF_8);
        assertContains(refused(raw("huge.safetensors", -1L, h, 0)).getMessage(), "header length 18446744073709551615",
                "100000000-byte limit");
        assertContains(refused(raw("big.safetensors", 100_000_001L, h, 0)).getMessage(), "100000000-byte limit");
        assertContains(refused(raw("past.safetensors", 50, h, 4)).getMessage(), "header length 50 runs past the end",
                "14 bytes");
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 0, 0});
        assertContains(refused(tiny).getMessage(), "shorter than the 8-byte header length");
    }

    @Test
    void overlappingOffsets() throws IOException {
        Path p = raw("ov.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", 24);
        assertContains(refused(p).getMessage(), "'a' [0, 16)", "'b' [8, 24)", "overlap");
    }

    @Test
    void wrongByteCount() throws IOException {
        Path p = raw("bc.safetensors", "{\"w\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[0,10]}}", 10);
        assertContains(refused(p).getMessage(), "tensor 'w'", "needs 12 bytes", "[0, 10) hold 10");
        p = raw("ovf.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}}", 4);
        assertContains(refused(p).getMessage(), "tensor 'w'", "overflows");
    }

    @Test
    void badJson() throws IOException {
        assertContains(refused(raw("j1.safetensors", "{\"w\":{\"dtype\":\"F32\",", 0)).getMessage(), "not valid JSON");
        assertContains(refused(raw("j2.safetensors", "{\"a\":{}, \"a\":{}}", 0)).getMessage(), "not valid JSON", "'a'");
        assertContains(refused(raw("j3.safetensors", "{} x", 0)).getMessage(), "not valid JSON");
        assertContains(refused(raw("j4.safetensors", "[1,2]", 0)).getMessage(), "does not start with '{'");
        byte[] notUtf8 = {'{', '"', (byte) 0xff, '"', ':', '1', '}', ' '};
        assertContains(refused(raw("j5.safetensors", notUtf8.length, notUtf8, 0)).getMessage(), "not valid UTF-8");
    }

    @Test
    void badFieldsAndCoverage() throws IOException {
        assertContains(refused(raw("neg.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1,2],\"data_offsets\":[0,8]}}", 8)).getMessage(),
                "tensor 'w'", "\"shape\" entry 0 must be a non-negative");
        assertContains(refused(raw("noshape.safetensors", "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8)).getMessage(),
                "tensor 'w'", "\"shape\"");
        assertContains(refused(raw("off.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,9]}}", 8)).getMessage(),
                "\"data_offsets\" must have 2 entries");
        assertContains(refused(raw("rev.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8)).getMessage(), "end before they begin");
        assertContains(refused(raw("gap.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)).getMessage(),
                "data bytes [0, 4) before tensor 'w' belong to no tensor");
        assertContains(refused(raw("tail.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12)).getMessage(),
                "data bytes [8, 12) after tensor 'w' belong to no tensor");
        assertContains(refused(raw("meta.safetensors", "{\"__metadata__\":{\"epoch\":3}}", 0)).getMessage(),
                "__metadata__ key 'epoch' must be a string");
        assertContains(refused(dir.resolve("missing.safetensors")).getMessage(), "no such file");
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path p = raw("one.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            DmException e = assertThrows(DmException.class, () -> f.load("v"));
            assertContains(e.getMessage(), p.toString(), "no tensor named 'v'");
        }
    }
}
