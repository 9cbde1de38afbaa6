package org.diffumatting.models.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A model that can write the config.json it was built from (so a saved folder loads back). */
public interface ConfiguredModel {
    /** The config object, as written to {@code <component>/config.json}. */
    ObjectNode configJson();
}
