package org.diffumatting.tensor.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.tensor.DType;
import org.diffumatting.tensor.Devices;
import org.diffumatting.tensor.Tensors;

/**
 * Writes safetensors files atomically (a partial file never appears at the target). Layout as the reference
 * serializer (huggingface/safetensors {@code safetensors/src/tensor.rs}, {@code prepare}): compact JSON with
 * {@code __metadata__} first and then the tensors in data order, each as {@code {"dtype","shape","data_offsets"}};
 * the header padded with spaces to a multiple of 8 bytes; tensor bytes back to back, little-endian, row-major.
 * Tensors on any device, contiguous or not, are copied to CPU first; their dtype must be one of {@link DType}.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COPY_CHUNK = 1 << 20;

    private SafetensorsWriter() {}

    /**
     * Writes {@code tensors} in the map's iteration order (use a {@link LinkedHashMap} to choose it).
     *
     * @param metadata string pairs stored under {@code __metadata__}; null writes none
     */
    public static void write(Path p, Map<String, Tensor> tensors, Map<String, String> metadata) {
        writeOrdered(p, new ArrayList<>(tensors.entrySet()), metadata);
    }

    /**
     * Writes {@code tensors} in the reference order: dtype alignment descending (I64, F32, BF16, F16), then
     * name (bytewise UTF-8). This keeps every tensor aligned to its element size, and the output is byte for byte
     * what {@code safetensors.torch.save_file} writes for the same tensors and metadata.
     */
    public static void writeSorted(Path p, Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<Map.Entry<String, Tensor>> entries = new ArrayList<>(tensors.entrySet());
        Comparator<Map.Entry<String, Tensor>> byAlignment =
                Comparator.comparingInt(e -> -referenceRank(Tensors.dtype(e.getValue())));
        entries.sort(byAlignment.thenComparing((a, b) -> Arrays.compareUnsigned(utf8(a.getKey()), utf8(b.getKey()))));
        writeOrdered(p, entries, metadata);
    }

    private static void writeOrdered(Path p, List<Map.Entry<String, Tensor>> entries, Map<String, String> metadata) {
        List<Tensor> cpu = new ArrayList<>(entries.size());
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null) header.put(SafetensorsHeader.METADATA_KEY, new LinkedHashMap<>(metadata));
        long offset = 0;
        for (Map.Entry<String, Tensor> e : entries) {
            String name = e.getKey();
            if (name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException(p + ": a tensor cannot be named " + SafetensorsHeader.METADATA_KEY);
            }
            Tensor src = e.getValue();
            DType dtype;
            try {
                dtype = Tensors.dtype(src);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(p + ": tensor '" + name + "': " + ex.getMessage(), ex);
            }
            Tensor t = src.to(Devices.cpu(), dtype.scalarType()).contiguous();
            long bytes = t.numel() * dtype.byteSize();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", dtype.safetensorsName());
            info.put("shape", Tensors.shape(t));
            info.put("data_offsets", new long[] {offset, offset + bytes});
            header.put(name, info);
            offset += bytes;
            cpu.add(t);
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialize safetensors header for " + p, ex);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        AtomicFiles.write(p, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
            out.write(headerBytes);
            byte[] buf = new byte[COPY_CHUNK];
            for (Tensor t : cpu) copyBytes(t, out, buf);
        });
    }

    /** Streams the bytes of a contiguous CPU tensor. */
    private static void copyBytes(Tensor t, OutputStream out, byte[] buf) throws java.io.IOException {
        long bytes = t.nbytes();
        if (bytes == 0) return;
        BytePointer src = new BytePointer(t.data_ptr());
        for (long done = 0; done < bytes; ) {
            int len = (int) Math.min(buf.length, bytes - done);
            src.position(done).get(buf, 0, len);
            out.write(buf, 0, len);
            done += len;
        }
    }

    /** Position in the reference {@code Dtype} enum, which is in increasing alignment order. */
    private static int referenceRank(DType d) {
        switch (d) {
            case F16: return 7;
            case BF16: return 8;
            case F32: return 11;
            case I64: return 13;
            default: throw new IllegalArgumentException(d.toString());
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
