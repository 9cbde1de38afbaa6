package org.diffumatting.tensor.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.tensor.DType;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Tensors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte-level agreement with the reference implementation (huggingface/safetensors through its Python binding),
 * driven by src/test/python/safetensors_crosscheck.py. Runs when {@code python3} (or {@code $DM_PYTHON}) can import
 * {@code safetensors}; skipped otherwise (e.g. on CI machines without it), since the format tests above do not
 * depend on it.
 */
class SafetensorsReferenceCrossCheckTest {
    private static final Path SCRIPT = Path.of("src/test/python/safetensors_crosscheck.py");
    private static final String METADATA_VALUE = "crosscheck, unicode \u00e9 and \"quotes\"";

    /** Mirror of the script's TENSORS: name, dtype, shape. */
    private static final List<Object[]> TENSORS = List.of(
            new Object[] {"a.f32", DType.F32, new long[] {2, 3}},
            new Object[] {"b.f16", DType.F16, new long[] {5}},
            new Object[] {"c.bf16", DType.BF16, new long[] {3, 1}},
            new Object[] {"d.i64", DType.I64, new long[] {2}},
            new Object[] {"e.empty", DType.F32, new long[] {0, 4}},
            new Object[] {"f.scalar", DType.F32, new long[] {}});

    @TempDir
    Path dir;

    private static String python() {
        String p = System.getenv("DM_PYTHON");
        return p == null || p.isBlank() ? "python3" : p;
    }

    private static String run(String... args) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder(args).redirectErrorStream(true).start();
        byte[] out = proc.getInputStream().readAllBytes();
        if (!proc.waitFor(120, TimeUnit.SECONDS)) proc.destroyForcibly();
        String text = new String(out, StandardCharsets.UTF_8);
        if (proc.exitValue() != 0) throw new IllegalStateException(String.join(" ", args) + " failed: " + text);
        return text;
    }

    private static void assumeReferenceAvailable() {
        boolean ok;
        try {
            run(python(), "-c", "import safetensors");
            ok = true;
        } catch (IOException | InterruptedException | IllegalStateException e) {
            ok = false;
        }
        Assumptions.assumeTrue(ok, "python3 with the safetensors package not available: reference cross-check skipped");
    }

    /** Tensor i has raw bytes b[k] = (31 k + 7 i + 3) mod 256 (as in the script). */
    private static Map<String, Tensor> sharedTensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < TENSORS.size(); i++) {
            String name = (String) TENSORS.get(i)[0];
            DType dtype = (DType) TENSORS.get(i)[1];
            long[] shape = (long[]) TENSORS.get(i)[2];
            Tensor t = torch.empty(shape, new TensorOptions(dtype.scalarType()), new MemoryFormatOptional());
            byte[] raw = rawBytes(i, (int) (Tensors.numel(shape) * dtype.byteSize()));
            if (raw.length > 0) new BytePointer(t.data_ptr()).put(raw, 0, raw.length);
            m.put(name, t);
        }
        return m;
    }

    private static byte[] rawBytes(int i, int n) {
        byte[] b = new byte[n];
        for (int k = 0; k < n; k++) b[k] = (byte) ((31 * k + 7 * i + 3) % 256);
        return b;
    }

    private static byte[] bytesOf(Tensor t) {
        byte[] b = new byte[(int) t.nbytes()];
        if (b.length > 0) new BytePointer(t.contiguous().data_ptr()).get(b, 0, b.length);
        return b;
    }

    @Test
    void readsReferenceFileAndWritesTheSameBytes() throws Exception {
        assumeReferenceAvailable();
        Path ref = dir.resolve("ref.safetensors");
        run(python(), SCRIPT.toString(), "write", ref.toString());
        try (MemoryScope s = MemoryScope.open(); SafetensorsFile f = SafetensorsFile.open(ref)) {
            Map<String, Tensor> expected = sharedTensors();
            assertEquals(expected.keySet(), f.names());
            for (int i = 0; i < TENSORS.size(); i++) {
                String name = (String) TENSORS.get(i)[0];
                Tensor t = f.load(name);
                assertEquals(TENSORS.get(i)[1], Tensors.dtype(t), name);
                assertArrayEquals((long[]) TENSORS.get(i)[2], Tensors.shape(t), name);
                assertArrayEquals(bytesOf(expected.get(name)), bytesOf(t), name);
            }
            assertEquals(Map.of("producer", METADATA_VALUE), f.metadata());

            Path mine = dir.resolve("mine.safetensors");
            SafetensorsWriter.writeSorted(mine, expected, Map.of("producer", METADATA_VALUE));
            assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(mine), "byte-identical to the reference serializer");
        }
    }

    @Test
    void referenceReadsOurFiles() throws Exception {
        assumeReferenceAvailable();
        Path mine = dir.resolve("given-order.safetensors");
        try (MemoryScope s = MemoryScope.open()) {
            // given (unsorted) order: half-precision data first, so later tensors are not aligned to their size
            Map<String, Tensor> shared = sharedTensors();
            Map<String, Tensor> given = new LinkedHashMap<>();
            for (String name : List.of("b.f16", "a.f32", "f.scalar", "e.empty", "d.i64", "c.bf16")) given.put(name, shared.get(name));
            SafetensorsWriter.write(mine, given, Map.of("producer", METADATA_VALUE, "second", "2"));
        }
        JsonNode got = new ObjectMapper().readTree(run(python(), SCRIPT.toString(), "read", mine.toString()));
        assertEquals(METADATA_VALUE, got.get("__metadata__").get("producer").asText());
        assertEquals("2", got.get("__metadata__").get("second").asText());
        for (int i = 0; i < TENSORS.size(); i++) {
            String name = (String) TENSORS.get(i)[0];
            DType dtype = (DType) TENSORS.get(i)[1];
            long[] shape = (long[]) TENSORS.get(i)[2];
            JsonNode t = got.get(name);
            assertEquals(dtype.safetensorsName(), t.get("dtype").asText(), name);
            assertEquals(shape.length, t.get("shape").size(), name);
            for (int d = 0; d < shape.length; d++) assertEquals(shape[d], t.get("shape").get(d).asLong(), name);
            byte[] expected = rawBytes(i, (int) (Tensors.numel(shape) * dtype.byteSize()));
            assertEquals(HexFormat.of().formatHex(expected), t.get("hex").asText(), name);
        }
    }
}
