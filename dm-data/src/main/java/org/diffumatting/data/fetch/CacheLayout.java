package org.diffumatting.data.fetch;

import java.nio.file.Files;
import java.nio.file.Path;
import org.diffumatting.common.CacheDir;
import org.diffumatting.common.DmException;

/**
 * Where fetched archives, extracted files and rendered objects live:
 * <pre>
 *   CACHE/archives/&lt;source&gt;--&lt;file&gt;       verified archives (sha256 pinned in sources.json)
 *   CACHE/sources/&lt;source&gt;/...             extracted files; .complete holds the archive sha256
 *   CACHE/renders/&lt;size&gt;/&lt;source&gt;/&lt;id&gt;.png  objects rasterised for one output size
 * </pre>
 * Default root: {@code $DM_CACHE}, else {@code ~/.cache/diffumatting}.
 */
public record CacheLayout(Path root) {

    public static CacheLayout defaultLayout() {
        return new CacheLayout(CacheDir.root());
    }

    public static CacheLayout of(Path rootOrNull) {
        return rootOrNull == null ? defaultLayout() : new CacheLayout(rootOrNull);
    }

    public Path archives() {
        return root.resolve("archives");
    }

    public Path archive(SourceSpec s) {
        return archives().resolve(s.archiveFileName());
    }

    public Path sourceDir(SourceSpec s) {
        return root.resolve("sources").resolve(s.name());
    }

    public Path completeMarker(SourceSpec s) {
        return sourceDir(s).resolve(".complete");
    }

    public Path renders(int size) {
        return root.resolve("renders").resolve(Integer.toString(size));
    }

    /** Whether a source was fetched and extracted from the pinned archive. */
    public boolean isReady(SourceSpec s) {
        try {
            Path m = completeMarker(s);
            return Files.isRegularFile(m) && Files.readString(m).trim().equals(s.sha256());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The extracted folder of a source, or a DmException telling the user to run {@code dm data fetch}. */
    public Path requireSource(SourceSpec s) {
        if (!isReady(s))
            throw new DmException("source '" + s.name() + "' is not in the cache " + root
                    + ": run `dm data fetch" + (root.equals(defaultLayout().root()) ? "" : " --cache " + root) + "` first");
        return sourceDir(s);
    }
}
