package org.diffumatting.data.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.diffumatting.data.fetch.CacheLayout;
import org.diffumatting.data.fetch.SourceCatalog;
import org.diffumatting.data.fetch.SourceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fluent emoji: joined to emoji.json by name or short name; skin tones of one emoji share a split group. */
class AssetIndexTest {
    @TempDir
    Path tmp;

    @Test
    void fluentNamesAndGroups() throws Exception {
        CacheLayout cache = new CacheLayout(tmp);
        SourceCatalog cat = SourceCatalog.bundled();
        Path icons = cache.sourceDir(cat.get("fluent")).resolve("package/icons/modern");
        Files.createDirectories(icons);
        for (String n : List.of("alien", "red-heart", "waving-hand-dark", "waving-hand-light", "waving-hand-medium-light", "gizmo-default",
                "gizmo-dark"))
            Files.writeString(icons.resolve(n + ".svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
        Path names = cache.sourceDir(cat.get("emoji-names")).resolve("package");
        Files.createDirectories(names);
        Files.writeString(names.resolve("emoji.json"), "[{\"name\":\"EXTRATERRESTRIAL ALIEN\",\"unified\":\"1F47D\",\"short_names\":[\"alien\"]},"
                + "{\"name\":\"RED HEART\",\"unified\":\"2764-FE0F\",\"non_qualified\":\"2764\",\"short_names\":[\"heart\"]},"
                + "{\"name\":\"WAVING HAND SIGN\",\"unified\":\"1F44B\",\"short_names\":[\"wave\"]}]");
        for (String s : List.of("fluent", "emoji-names")) {
            SourceSpec spec = cat.get(s);
            Files.writeString(cache.completeMarker(spec), spec.sha256());
        }
        Map<String, AssetObject> byId = new AssetIndex(cache, cat).index(List.of("fluent"), 1, 1).objects().stream()
                .collect(Collectors.toMap(AssetObject::id, o -> o));
        assertEquals("emoji-1f47d", byId.get("fluent-alien").group(), "matched by short name");
        assertEquals("emoji-2764", byId.get("fluent-red-heart").group(), "matched by name");
        assertEquals("fluent-waving-hand", byId.get("fluent-waving-hand-dark").group());
        assertEquals("fluent-waving-hand", byId.get("fluent-waving-hand-medium-light").group(), "skin tones share a group");
        assertEquals("waving hand, medium-light skin tone", byId.get("fluent-waving-hand-medium-light").name());
        assertEquals(byId.get("fluent-gizmo-default").group(), byId.get("fluent-gizmo-dark").group());
        assertTrue(byId.get("fluent-alien").keywords().contains("alien"));
    }
}
