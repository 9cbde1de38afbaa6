package org.diffumatting.models.loading;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.diffumatting.common.DmException;

/**
 * A config value that diffusers accepts either as one int for every block or as one int per block
 * ({@code attention_head_dim: 8} or {@code [5, 10, 20, 20]}); remembers which, so a saved config
 * reads as the loaded one.
 */
public record IntOrList(List<Integer> values, boolean scalar) {
    public IntOrList {
        values = List.copyOf(values);
        if (scalar && values.size() != 1) throw new IllegalArgumentException("a scalar IntOrList holds one value");
    }

    public static IntOrList of(int value) {
        return new IntOrList(List.of(value), true);
    }

    public static IntOrList of(List<Integer> values) {
        return new IntOrList(values, false);
    }

    /** JSON form: a number when scalar, else an array. */
    public com.fasterxml.jackson.databind.JsonNode toJson() {
        if (scalar) return ConfigJson.MAPPER.getNodeFactory().numberNode(values.get(0));
        com.fasterxml.jackson.databind.node.ArrayNode a = ConfigJson.MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    /** The value for each of {@code blocks} blocks; a list must have exactly that many entries. */
    public List<Integer> perBlock(int blocks, String key, String where) {
        if (scalar) return Collections.nCopies(blocks, values.get(0));
        if (values.size() != blocks) {
            throw new DmException(where + ": '" + key + "' has " + values.size() + " entries but there are " + blocks + " blocks");
        }
        return new ArrayList<>(values);
    }
}
