package org.diffumatting.train.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.diffumatting.common.DmException;

/**
 * Typed, strict reading of a flat JSON config object: every key read is remembered, {@link #finish()}
 * rejects any other key, and a value of the wrong type or outside its range is a {@link DmException}
 * naming the file and the key (one line).
 */
final class StrictJson {
    private final ObjectNode node;
    private final String where;
    private final Set<String> known = new LinkedHashSet<>();

    StrictJson(ObjectNode node, String where) {
        this.node = node;
        this.where = where;
    }

    private JsonNode value(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    DmException bad(String key, String expected, Object got) {
        return new DmException(where + ": key '" + key + "' must be " + expected + ", got " + got);
    }

    /** The raw value (null when absent or JSON null); marks the key as known. */
    JsonNode raw(String key) {
        return value(key);
    }

    int integer(String key, int def, int min, int max) {
        JsonNode v = value(key);
        if (v == null) return def;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw bad(key, "an integer", v);
        int i = v.intValue();
        if (i < min || i > max) throw bad(key, "an integer in [" + min + ", " + max + "]", i);
        return i;
    }

    long longValue(String key, long def) {
        JsonNode v = value(key);
        if (v == null) return def;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw bad(key, "an integer", v);
        return v.longValue();
    }

    double number(String key, double def, double min, double max) {
        JsonNode v = value(key);
        if (v == null) return def;
        if (!v.isNumber()) throw bad(key, "a number", v);
        double d = v.doubleValue();
        if (!(d >= min && d <= max)) throw bad(key, "a number in [" + min + ", " + max + "]", d);
        return d;
    }

    boolean bool(String key, boolean def) {
        JsonNode v = value(key);
        if (v == null) return def;
        if (!v.isBoolean()) throw bad(key, "true or false", v);
        return v.booleanValue();
    }

    String string(String key, String def) {
        JsonNode v = value(key);
        if (v == null) return def;
        if (!v.isTextual()) throw bad(key, "a string", v);
        return v.textValue();
    }

    String choice(String key, String def, String... allowed) {
        String s = string(key, def);
        for (String a : allowed) {
            if (a.equals(s)) return s;
        }
        throw bad(key, "one of " + String.join(", ", allowed), "'" + s + "'");
    }

    /** A non-empty list of distinct non-blank strings, or null when absent. */
    List<String> strings(String key) {
        JsonNode v = value(key);
        if (v == null) return null;
        if (!v.isArray() || v.isEmpty()) throw bad(key, "a non-empty list of strings", v);
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode e : v) {
            if (!e.isTextual() || e.textValue().isBlank()) throw bad(key, "a non-empty list of strings", v);
            if (!out.add(e.textValue())) throw bad(key, "a list without repeats", "'" + e.textValue() + "' twice");
        }
        return List.copyOf(out);
    }

    /** A path resolved against {@code base} (the config file's folder), or null when absent. */
    Path path(String key, Path base) {
        String s = string(key, null);
        if (s == null) return null;
        if (s.isBlank()) throw bad(key, "a non-empty path", "''");
        Path p = Path.of(s);
        return p.isAbsolute() ? p : base.resolve(p).normalize();
    }

    /** An inline JSON object, or null when absent. */
    ObjectNode object(String key) {
        JsonNode v = value(key);
        if (v == null) return null;
        if (!v.isObject()) throw bad(key, "a JSON object", v.getNodeType());
        return (ObjectNode) v;
    }

    /** Throws for the first key of the object that was never read. */
    void finish() {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k) && !k.startsWith("_comment")) unknown.add(k);
        });
        if (!unknown.isEmpty()) {
            throw new DmException(where + ": unknown key '" + unknown.get(0) + "'"
                    + (unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more: " + unknown.subList(1, unknown.size()) + ")" : "")
                    + "; see docs/NOTES-train.md for the accepted keys");
        }
    }
}
