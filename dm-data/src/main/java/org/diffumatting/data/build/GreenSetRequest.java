package org.diffumatting.data.build;

import java.nio.file.Path;
import java.util.List;

/**
 * Parameters of {@code dm data build-greenset}.
 *
 * @param cache           cache folder (null: $DM_CACHE or ~/.cache/diffumatting)
 * @param out             output folder
 * @param size            output side in pixels (square samples)
 * @param seed            base seed; each sample's randomness is derived from (seed, sample id)
 * @param copies          augmented samples per emoji / clip-art object
 * @param spriteCopies    augmented samples per effect sprite (few sprites exist)
 * @param perGenerator    procedural samples per generator (6 generators)
 * @param alpha16         write 16-bit alpha PNGs instead of 8-bit
 * @param sources         object/sprite sources to use (empty: all in sources.json); "none" for procedural only
 * @param maxObjects      use at most this many objects per source (0: all), taken evenly spaced (for quick builds)
 * @param threads         worker threads
 * @param splits          val/test fractions by object group
 * @param stopAfterNew    stop (as if killed) after writing this many new samples (0: never); for resume tests
 * @param progress        draw a progress bar on stderr
 */
public record GreenSetRequest(Path cache, Path out, int size, long seed, int copies, int spriteCopies, int perGenerator,
                              boolean alpha16, List<String> sources, int maxObjects, int threads, SplitAssigner splits,
                              int stopAfterNew, boolean progress) {

    public static final int DEFAULT_SIZE = 128;
    public static final long DEFAULT_SEED = 20240311L;
    public static final Path DEFAULT_OUT = Path.of("data", "greenset-128");

    public GreenSetRequest {
        if (size < 16 || size > 2048) throw new org.diffumatting.common.DmException("--size must be in 16..2048, got " + size);
        if (copies < 0 || spriteCopies < 0 || perGenerator < 0)
            throw new org.diffumatting.common.DmException("--copies, --sprite-copies and --procedural must be >= 0");
        if (threads < 1) throw new org.diffumatting.common.DmException("--threads must be >= 1, got " + threads);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** A key of everything that changes a sample's bytes: parts built with another key are rebuilt. */
    public String buildKey() {
        return "v1/size=" + size + "/seed=" + seed + "/alpha16=" + alpha16 + "/ranges=" + ObjectPlacer.DEFAULT;
    }
}
