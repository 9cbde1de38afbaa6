package org.diffumatting.common;

import java.nio.file.Path;

/** The user's DiffuMatting cache folder: {@code $DM_CACHE}, else {@code ~/.cache/diffumatting}. */
public final class CacheDir {
    /** Environment variable that moves the cache. */
    public static final String ENV = "DM_CACHE";

    private CacheDir() {}

    public static Path root() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "diffumatting");
    }
}
