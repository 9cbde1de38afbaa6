package org.diffumatting.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Identity of a model folder's weights, written into every sample's manifest (docs/DESIGN.md 6.12):
 * SHA-256 over the {@code *.safetensors} files under the folder, in sorted relative-path order, each
 * contributing {@code relative/path NUL size NUL bytes}. Configs are not hashed (the manifest records the
 * settings that matter; weights are what a retrained model changes).
 *
 * <p>Cached per process by (folder, each file's path, size and modification time), so repeated generations
 * with one loaded model hash once; a rewritten weight file changes the key and is hashed again.
 */
public final class ModelHash {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private ModelHash() {}

    /** Lower-case hex SHA-256 of the folder's weight files ({@code "none"} when it has none). */
    public static String of(Path folder) {
        List<Path> files = weightFiles(folder);
        if (files.isEmpty()) return "none";
        StringBuilder key = new StringBuilder(folder.toAbsolutePath().normalize().toString());
        try {
            for (Path f : files) {
                key.append('|').append(folder.relativize(f)).append(':').append(Files.size(f)).append(':')
                        .append(Files.getLastModifiedTime(f).toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat weights under " + folder + ": " + e.getMessage(), e);
        }
        return CACHE.computeIfAbsent(key.toString(), k -> digest(folder, files));
    }

    private static List<Path> weightFiles(Path folder) {
        try (Stream<Path> s = Files.walk(folder)) {
            List<Path> out = new ArrayList<>();
            s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".safetensors")).sorted().forEach(out::add);
            // sort by the relative path with '/' separators so the hash does not depend on the platform
            out.sort((a, b) -> rel(folder, a).compareTo(rel(folder, b)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String rel(Path folder, Path f) {
        return folder.relativize(f).toString().replace('\\', '/');
    }

    private static String digest(Path folder, List<Path> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (Path f : files) {
                md.update(rel(folder, f).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Long.toString(Files.size(f)).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                try (InputStream in = Files.newInputStream(f)) {
                    for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read weights under " + folder + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
