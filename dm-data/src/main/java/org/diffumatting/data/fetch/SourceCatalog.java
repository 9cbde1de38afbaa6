package org.diffumatting.data.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.diffumatting.common.DmException;

/** The pinned sources of the green-screen set, read from the bundled {@code sources.json}. */
public final class SourceCatalog {
    private final List<SourceSpec> sources;

    public SourceCatalog(List<SourceSpec> sources) {
        this.sources = List.copyOf(sources);
    }

    /** The catalog bundled in the jar (org/diffumatting/data/sources.json). */
    public static SourceCatalog bundled() {
        try (InputStream in = SourceCatalog.class.getResourceAsStream("/org/diffumatting/data/sources.json")) {
            if (in == null) throw new IllegalStateException("sources.json missing from the dm-data jar");
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SourceCatalog parse(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        List<SourceSpec> list = new ArrayList<>();
        for (JsonNode s : root.path("sources")) {
            List<String> inc = new ArrayList<>();
            s.path("include").forEach(n -> inc.add(n.asText()));
            list.add(new SourceSpec(s.path("name").asText(), s.path("kind").asText(), s.path("role").asText(),
                    s.path("package").asText(), s.path("version").asText(), s.path("url").asText(),
                    s.path("sha256").asText(), s.path("size").asLong(), s.path("licence").asText(),
                    s.path("attribution").asText(), inc));
        }
        return new SourceCatalog(list);
    }

    public List<SourceSpec> all() {
        return sources;
    }

    public SourceSpec get(String name) {
        for (SourceSpec s : sources) if (s.name().equals(name)) return s;
        throw new DmException("unknown source '" + name + "' (known: " + names() + ")");
    }

    public List<String> names() {
        return sources.stream().map(SourceSpec::name).toList();
    }

    /** Only the named sources, in catalog order; an empty list means all. */
    public SourceCatalog select(List<String> names) {
        if (names == null || names.isEmpty()) return this;
        for (String n : names) get(n);
        return new SourceCatalog(sources.stream().filter(s -> names.contains(s.name())).toList());
    }
}
