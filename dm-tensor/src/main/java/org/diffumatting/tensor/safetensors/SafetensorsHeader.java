package org.diffumatting.tensor.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.diffumatting.common.DmException;
import org.diffumatting.tensor.DType;

/**
 * Parses and validates the JSON header of a safetensors file. The checks follow the reference
 * implementation (huggingface/safetensors, {@code safetensors/src/tensor.rs}: {@code read_metadata} and
 * {@code Metadata::validate}): header length at most 100,000,000 bytes and inside the file, UTF-8 JSON object
 * starting with '{', known dtype, non-negative shape, {@code numel * dtype size == end - begin}, tensors
 * tiling the data section exactly (no overlap, no gap, no trailing bytes). Every error is a
 * {@link DmException} naming the file and, where there is one, the tensor and its byte range.
 */
final class SafetensorsHeader {
    /** Reference {@code MAX_HEADER_SIZE}. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    /** Dtypes that the format defines but this project does not handle (reference enum {@code Dtype}). */
    private static final Set<String> OTHER_FORMAT_DTYPES = Set.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0",
            "F4", "F6_E2M3", "F6_E3M2", "I16", "U16", "I32", "U32", "F64", "U64", "C64");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /** Tensors in data-section order (ascending begin). */
    final Map<String, TensorInfo> tensors;
    final Map<String, String> metadata;

    private SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Checks the 8-byte header length {@code n} (an unsigned little-endian u64 read as a signed long) against
     * the limit and the file size, before any header byte is read.
     */
    static void checkHeaderLength(Path file, long n, long fileSize) {
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new DmException(file + ": header length " + Long.toUnsignedString(n) + " exceeds the " + MAX_HEADER_BYTES
                    + "-byte limit (corrupt, or not a safetensors file)");
        }
        if (8 + n > fileSize) {
            throw new DmException(file + ": header length " + n + " runs past the end of the file (" + fileSize
                    + " bytes; truncated, or not a safetensors file)");
        }
    }

    /** Parses {@code header} (the N header bytes) and validates it against a data section of {@code dataBytes}. */
    static SafetensorsHeader parse(Path file, ByteBuffer header, long dataBytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(header).toString();
        } catch (CharacterCodingException e) {
            throw new DmException(file + ": header is not valid UTF-8");
        }
        if (!text.startsWith("{")) {
            throw new DmException(file + ": header does not start with '{' (corrupt, or not a safetensors file)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at header column " + e.getLocation().getColumnNr();
            throw new DmException(file + ": header is not valid JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) throw new DmException(file + ": header is not a JSON object");

        Map<String, String> metadata = Collections.emptyMap();
        List<TensorInfo> infos = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, e.getValue());
            } else {
                infos.add(parseTensor(file, e.getKey(), e.getValue(), dataBytes));
            }
        }
        checkTiling(file, infos, dataBytes);
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        for (TensorInfo t : infos) byName.put(t.name(), t);
        return new SafetensorsHeader(Collections.unmodifiableMap(byName), metadata);
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) {
        if (!node.isObject()) throw new DmException(file + ": " + METADATA_KEY + " must be an object of strings");
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new DmException(file + ": " + METADATA_KEY + " key '" + e.getKey() + "' must be a string, got "
                        + e.getValue().getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            m.put(e.getKey(), e.getValue().asText());
        }
        return Collections.unmodifiableMap(m);
    }

    private static TensorInfo parseTensor(Path file, String name, JsonNode node, long dataBytes) {
        String where = file + ": tensor '" + name + "'";
        if (!node.isObject()) throw new DmException(where + ": entry must be an object with dtype, shape, data_offsets");
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) throw new DmException(where + ": missing or non-string \"dtype\"");
        String dtypeName = dtypeNode.asText();
        DType dtype;
        try {
            dtype = DType.fromSafetensors(dtypeName);
        } catch (DmException ex) {
            String kind = OTHER_FORMAT_DTYPES.contains(dtypeName) ? "unsupported dtype '" : "unknown dtype '";
            throw new DmException(where + ": " + kind + dtypeName + "' (supported: F32, F16, BF16, I64)");
        }
        long[] shape = nonNegativeLongs(where, node.get("shape"), "shape", -1);
        long[] offsets = nonNegativeLongs(where, node.get("data_offsets"), "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw new DmException(where + ": data_offsets [" + begin + ", " + end + ") end before they begin");
        }
        long bytes;
        try {
            long numel = 1;
            for (long d : shape) numel = Math.multiplyExact(numel, d);
            bytes = Math.multiplyExact(numel, (long) dtype.byteSize());
        } catch (ArithmeticException ex) {
            throw new DmException(where + ": shape " + java.util.Arrays.toString(shape) + " overflows a 64-bit byte count");
        }
        if (bytes != end - begin) {
            throw new DmException(where + " (" + dtypeName + " " + java.util.Arrays.toString(shape) + "): needs " + bytes
                    + " bytes but data_offsets [" + begin + ", " + end + ") hold " + (end - begin));
        }
        if (end > dataBytes) {
            throw new DmException(where + ": bytes [" + begin + ", " + end + ") lie outside the data section of "
                    + dataBytes + " bytes (file truncated?)");
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    /** The tensors must cover [0, dataBytes) exactly once, in some order (reference: {@code Metadata::validate}). */
    private static void checkTiling(Path file, List<TensorInfo> infos, long dataBytes) {
        infos.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long covered = 0;
        TensorInfo previous = null;
        for (TensorInfo t : infos) {
            if (t.begin() < covered) {
                throw new DmException(file + ": tensors '" + previous.name() + "' [" + previous.begin() + ", " + previous.end()
                        + ") and '" + t.name() + "' [" + t.begin() + ", " + t.end() + ") overlap");
            }
            if (t.begin() > covered) {
                throw new DmException(file + ": data bytes [" + covered + ", " + t.begin() + ") before tensor '" + t.name()
                        + "' belong to no tensor");
            }
            covered = t.end();
            previous = t;
        }
        if (covered != dataBytes) {
            String after = previous == null ? "(no tensors)" : "after tensor '" + previous.name() + "'";
            throw new DmException(file + ": data bytes [" + covered + ", " + dataBytes + ") " + after + " belong to no tensor");
        }
    }

    private static long[] nonNegativeLongs(String where, JsonNode node, String field, int requiredLength) {
        if (node == null || !node.isArray()) throw new DmException(where + ": missing or non-array \"" + field + "\"");
        if (requiredLength >= 0 && node.size() != requiredLength) {
            throw new DmException(where + ": \"" + field + "\" must have " + requiredLength + " entries, has " + node.size());
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || v.bigIntegerValue().signum() < 0 || v.bigIntegerValue().bitLength() > 63) {
                throw new DmException(where + ": \"" + field + "\" entry " + i + " must be a non-negative 64-bit integer, got " + v);
            }
            out[i] = v.longValue();
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
