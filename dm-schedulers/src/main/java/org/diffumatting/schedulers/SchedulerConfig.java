package org.diffumatting.schedulers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.common.DmException;

/**
 * A diffusers {@code scheduler_config.json}: the class name ({@code _class_name}) and every other key with its
 * JSON value, in file order. Keys keep diffusers' names ({@code num_train_timesteps}, {@code beta_schedule},
 * {@code timestep_spacing}, ...); keys this port does not know ({@code _diffusers_version}, {@code skip_prk_steps},
 * ...) are kept and written back unchanged, and ignored when a scheduler is built, as diffusers ignores them.
 *
 * <p>A missing key means "the scheduler class's default" (see {@link SchedulerType#defaults()}), exactly as in
 * diffusers where, for example, {@code timestep_spacing} defaults to "leading" for DDIM but "linspace" for Euler.
 * Typed getters throw {@link DmException} naming the key when a value has the wrong type. Non-finite numbers are
 * read and written as Python's json module does ({@code -Infinity} for {@code lambda_min_clipped}). Immutable.
 *
 * @param className the {@code _class_name} value, or null when the file has none
 * @param values every other key, in order
 */
public record SchedulerConfig(String className, Map<String, JsonNode> values) {
    /** Name of the file inside a diffusers model folder's scheduler/ directory. */
    public static final String FILE_NAME = "scheduler_config.json";

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public SchedulerConfig {
        LinkedHashMap<String, JsonNode> copy = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : values.entrySet()) {
            if (!"_class_name".equals(e.getKey())) copy.put(e.getKey(), e.getValue() == null ? nullNode() : e.getValue());
        }
        values = Collections.unmodifiableMap(copy);
    }

    /** An empty config (all defaults) for a class name. */
    public static SchedulerConfig of(String className) {
        return new SchedulerConfig(className, Map.of());
    }

    /** Reads a scheduler_config.json, or the one inside a folder (folder/scheduler_config.json). */
    public static SchedulerConfig read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new DmException("scheduler config " + file + ": file not found");
        } catch (IOException e) {
            throw new DmException("scheduler config " + file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses JSON text; {@code source} names it in error messages. */
    public static SchedulerConfig parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DmException("scheduler config " + source + ": invalid JSON: "
                    + e.getOriginalMessage().replace('\n', ' '), e);
        }
        if (root == null || !root.isObject()) {
            throw new DmException("scheduler config " + source + ": expected a JSON object");
        }
        LinkedHashMap<String, JsonNode> values = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
        JsonNode cls = values.get("_class_name");
        if (cls != null && !cls.isTextual() && !cls.isNull()) {
            throw new DmException("scheduler config " + source + ": key '_class_name' must be a string");
        }
        return new SchedulerConfig(cls == null || cls.isNull() ? null : cls.asText(), values);
    }

    /** The JSON text: {@code _class_name} first, then every key in order (2-space indented). */
    public String toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (className != null) root.put("_class_name", className);
        values.forEach(root::set);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise scheduler config", e);
        }
    }

    /** Writes {@link #toJson()} atomically to a file (or folder/scheduler_config.json when given a folder). */
    public void write(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
        AtomicFiles.writeString(file, toJson());
    }

    /** A copy with another class name (keys unchanged). */
    public SchedulerConfig withClassName(String newClassName) {
        return new SchedulerConfig(newClassName, values);
    }

    /** A copy with one key set (value: String, Number, Boolean, double[], JsonNode or null for JSON null). */
    public SchedulerConfig with(String key, Object value) {
        LinkedHashMap<String, JsonNode> copy = new LinkedHashMap<>(values);
        copy.put(key, toNode(value));
        return new SchedulerConfig(className, copy);
    }

    /** A copy without a key (so that the class default applies). */
    public SchedulerConfig without(String key) {
        LinkedHashMap<String, JsonNode> copy = new LinkedHashMap<>(values);
        copy.remove(key);
        return new SchedulerConfig(className, copy);
    }

    /** True when the key is present (even as JSON null). */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** Integer value, or {@code def} when absent or null. */
    public int intValue(String key, int def) {
        JsonNode n = values.get(key);
        if (n == null || n.isNull()) return def;
        if (n.isIntegralNumber() && n.canConvertToInt()) return n.intValue();
        if (n.isFloatingPointNumber() && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
            return (int) n.doubleValue();
        }
        throw typeError(key, "an integer", n);
    }

    /** Number value, or {@code def} when absent or null. */
    public double doubleValue(String key, double def) {
        Double v = nullableDouble(key);
        return v == null ? def : v;
    }

    /** Number value, or null when absent or JSON null (e.g. {@code sigma_min}). */
    public Double nullableDouble(String key) {
        JsonNode n = values.get(key);
        if (n == null || n.isNull()) return null;
        if (n.isNumber()) return n.doubleValue();
        throw typeError(key, "a number", n);
    }

    /** Boolean value, or {@code def} when absent or null. */
    public boolean boolValue(String key, boolean def) {
        JsonNode n = values.get(key);
        if (n == null || n.isNull()) return def;
        if (n.isBoolean()) return n.booleanValue();
        throw typeError(key, "true or false", n);
    }

    /** String value, or {@code def} when absent or null. */
    public String stringValue(String key, String def) {
        JsonNode n = values.get(key);
        if (n == null || n.isNull()) return def;
        if (n.isTextual()) return n.textValue();
        throw typeError(key, "a string", n);
    }

    /** Array of numbers, or null when absent or JSON null (e.g. {@code trained_betas}). */
    public double[] doubleArrayOrNull(String key) {
        JsonNode n = values.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.isArray()) throw typeError(key, "an array of numbers", n);
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = n.get(i);
            if (!e.isNumber()) throw typeError(key + "[" + i + "]", "a number", e);
            out[i] = e.doubleValue();
        }
        return out;
    }

    private static DmException typeError(String key, String expected, JsonNode got) {
        return new DmException("scheduler config key '" + key + "' must be " + expected + ", got " + got);
    }

    static JsonNode toNode(Object value) {
        if (value == null) return nullNode();
        if (value instanceof JsonNode n) return n;
        if (value instanceof double[] a) {
            var arr = JsonNodeFactory.instance.arrayNode();
            for (double d : a) arr.add(d);
            return arr;
        }
        return JSON.valueToTree(value);
    }

    private static JsonNode nullNode() {
        return JsonNodeFactory.instance.nullNode();
    }
}
