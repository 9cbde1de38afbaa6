package org.diffumatting.models.loading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.diffumatting.common.DmException;

/**
 * Typed access to a config object with upstream defaults: a missing key (or JSON null) takes the
 * default, unknown keys are ignored (as diffusers does), a value of the wrong type is a
 * {@link DmException} naming the file and the key.
 */
public final class ConfigReader {
    private final ObjectNode node;
    private final String where;

    /** @param where the file (or other source) named in error messages */
    public ConfigReader(ObjectNode node, String where) {
        this.node = Objects.requireNonNull(node);
        this.where = where;
    }

    public String where() {
        return where;
    }

    public ObjectNode node() {
        return node;
    }

    private JsonNode value(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private DmException bad(String key, String expected, JsonNode v) {
        return new DmException(where + ": key '" + key + "' must be " + expected + ", found " + v);
    }

    public int integer(String key, int def) {
        JsonNode v = value(key);
        if (v == null) return def;
        if (!v.canConvertToInt() || !(v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble())))) {
            throw bad(key, "an integer", v);
        }
        return v.asInt();
    }

    /** An integer or null when absent. */
    public Integer optInteger(String key) {
        return value(key) == null ? null : integer(key, 0);
    }

    public double number(String key, double def) {
        JsonNode v = value(key);
        if (v == null) return def;
        if (!v.isNumber()) throw bad(key, "a number", v);
        return v.asDouble();
    }

    /** A number or null when absent. */
    public Double optNumber(String key) {
        return value(key) == null ? null : number(key, 0);
    }

    public boolean bool(String key, boolean def) {
        JsonNode v = value(key);
        if (v == null) return def;
        if (!v.isBoolean()) throw bad(key, "true or false", v);
        return v.asBoolean();
    }

    public String string(String key, String def) {
        JsonNode v = value(key);
        if (v == null) return def;
        if (!v.isTextual()) throw bad(key, "a string", v);
        return v.asText();
    }

    public List<String> strings(String key, List<String> def) {
        JsonNode v = value(key);
        if (v == null) return def;
        if (!v.isArray()) throw bad(key, "a list of strings", v);
        List<String> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isTextual()) throw bad(key, "a list of strings", v);
            out.add(x.asText());
        }
        return List.copyOf(out);
    }

    public List<Integer> integers(String key, List<Integer> def) {
        JsonNode v = value(key);
        if (v == null) return def;
        if (!v.isArray()) throw bad(key, "a list of integers", v);
        List<Integer> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isIntegralNumber()) throw bad(key, "a list of integers", v);
            out.add(x.asInt());
        }
        return List.copyOf(out);
    }

    public List<Double> numbers(String key, List<Double> def) {
        JsonNode v = value(key);
        if (v == null) return def;
        if (!v.isArray()) throw bad(key, "a list of numbers", v);
        List<Double> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isNumber()) throw bad(key, "a list of numbers", v);
            out.add(x.asDouble());
        }
        return List.copyOf(out);
    }

    /** One int for all blocks or a list of ints; {@code def} may be null. */
    public IntOrList intOrList(String key, IntOrList def) {
        JsonNode v = value(key);
        if (v == null) return def;
        if (v.isIntegralNumber()) return IntOrList.of(v.asInt());
        return IntOrList.of(integers(key, null));
    }

    /**
     * Fails when {@code key} is present with a value other than null/{@code allowed}: for upstream
     * options that change the architecture and are not implemented here.
     */
    public void requireUnset(String key, Object allowed) {
        JsonNode v = value(key);
        if (v == null) return;
        if (allowed != null && ConfigJson.MAPPER.valueToTree(allowed).equals(v)) return;
        throw new DmException(where + ": key '" + key + "' = " + v + " is not supported"
                + (allowed == null ? " (only null)" : " (only " + allowed + ")"));
    }
}
