package org.diffumatting.data.build;

import java.util.Map;
import org.diffumatting.data.fetch.SourceCatalog;
import org.diffumatting.data.fetch.SourceSpec;

/** ATTRIBUTION.md for a built dataset: every source used, with the CC-BY / CC-BY-SA ones called out. */
public final class Attribution {
    private Attribution() {}

    /** @param perSource samples per manifest source name (procedural sources included) */
    public static String markdown(SourceCatalog catalog, Map<String, Integer> perSource) {
        StringBuilder sb = new StringBuilder("# Attribution\n\n");
        sb.append("This dataset contains images derived from the third-party works below (rasterised, trimmed, scaled,\n")
                .append("rotated, flipped, colour-jittered and composited on green). Procedural samples are generated\n")
                .append("by DiffuMatting for Java (CC0-1.0); motion-blurred samples carry the licence of the object they blur.\n\n");
        sb.append("## Works requiring attribution (CC-BY / CC-BY-SA)\n\n");
        for (SourceSpec s : catalog.all()) {
            if (!s.needsAttribution() || !perSource.containsKey(s.name())) continue;
            sb.append("- **").append(s.name()).append("** (").append(perSource.get(s.name())).append(" samples): ")
                    .append(s.attribution()).append(". Licence: ").append(s.licence())
                    .append(". Source: ").append(s.pkg()).append(' ').append(s.version()).append(", ").append(s.url())
                    .append(s.licence().contains("SA") ? ". Adapted material is shared under the same licence." : "").append('\n');
        }
        sb.append("\n## All sources\n\n| source | samples | licence | package | version |\n|---|---|---|---|---|\n");
        for (SourceSpec s : catalog.all()) {
            if (!perSource.containsKey(s.name())) continue;
            sb.append("| ").append(s.name()).append(" | ").append(perSource.get(s.name())).append(" | ").append(s.licence())
                    .append(" | ").append(s.pkg()).append(" | ").append(s.version()).append(" |\n");
        }
        perSource.forEach((k, v) -> {
            if (k.startsWith("procedural-")) sb.append("| ").append(k).append(" | ").append(v).append(" | CC0-1.0 | (generated) | |\n");
        });
        return sb.toString();
    }
}
