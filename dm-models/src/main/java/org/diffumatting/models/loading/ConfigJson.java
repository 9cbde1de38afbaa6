package org.diffumatting.models.loading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.common.DmException;

/**
 * Reading and writing of diffusers / transformers {@code config.json} files. Written files are
 * pretty-printed with sorted keys, as diffusers' {@code to_json_string} writes them
 * ({@code json.dumps(config, indent=2, sort_keys=True)}).
 */
public final class ConfigJson {
    /** Shared mapper (thread-safe once configured). */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ConfigJson() {}

    /** Reads a JSON object; a missing file or bad JSON is a {@link DmException} naming the file. */
    public static ObjectNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new DmException(file + ": file not found");
        } catch (IOException e) {
            throw new DmException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses a JSON object from text; {@code where} names the source in errors. */
    public static ObjectNode parse(String text, String where) {
        JsonNode n;
        try {
            n = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DmException(where + ": invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) throw new DmException(where + ": expected a JSON object");
        return (ObjectNode) n;
    }

    /** The JSON text of {@code node} with keys sorted recursively, 2-space indented, trailing newline. */
    public static String toText(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(sorted(node)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code node} atomically (sorted keys). */
    public static void write(Path file, ObjectNode node) {
        AtomicFiles.writeString(file, toText(node));
    }

    /** Puts a number as an int when it is integral (diffusers writes {@code "freq_shift": 0}), else as a double. */
    public static void putNumber(ObjectNode o, String key, double v) {
        if (v == Math.rint(v) && Math.abs(v) < Integer.MAX_VALUE) o.put(key, (int) v);
        else o.put(key, v);
    }

    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            Map<String, JsonNode> m = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), sorted(e.getValue()));
            }
            ObjectNode o = MAPPER.createObjectNode();
            m.forEach(o::set);
            return o;
        }
        if (n.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            n.forEach(x -> items.add(sorted(x)));
            return MAPPER.createArrayNode().addAll(items);
        }
        return n;
    }
}
