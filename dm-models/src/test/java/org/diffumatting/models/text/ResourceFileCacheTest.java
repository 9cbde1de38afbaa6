package org.diffumatting.models.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceFileCacheTest {

    private static byte[] resourceBytes(String name) throws Exception {
        try (InputStream in = MiniLmTextEncoder.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void extractsAJarEntryOnceAndRepairsATruncatedCopy(@TempDir Path cache) throws Exception {
        String res = MiniLmTextEncoder.TOKENIZER_RESOURCE; // in the langchain4j jar
        Path file = ResourceFileCache.extracted(MiniLmTextEncoder.class, res, cache);
        assertNotNull(file);
        assertEquals(cache.resolve("resources"), file.getParent());
        byte[] expected = resourceBytes(res);
        assertArrayEquals(expected, Files.readAllBytes(file));

        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(file, old);
        assertEquals(file, ResourceFileCache.extracted(MiniLmTextEncoder.class, res, cache));
        assertEquals(old, Files.getLastModifiedTime(file), "a complete copy is reused, not rewritten");

        Files.write(file, new byte[] {1, 2, 3});
        assertEquals(file, ResourceFileCache.extracted(MiniLmTextEncoder.class, res, cache));
        assertArrayEquals(expected, Files.readAllBytes(file), "a copy of the wrong size is extracted again");
        try (var listing = Files.list(file.getParent())) {
            assertEquals(1, listing.count(), "no temporary files left");
        }
    }

    @Test
    void resourcesOutsideJarsAndUnwritableCachesFallBackToNull(@TempDir Path dir) throws Exception {
        // test classes are a folder on the classpath, not a jar
        assertNull(ResourceFileCache.extracted(ResourceFileCacheTest.class, "ResourceFileCacheTest.class", dir));
        assertNull(ResourceFileCache.extracted(MiniLmTextEncoder.class, "/no-such-resource.bin", dir));
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        assertNull(ResourceFileCache.extracted(MiniLmTextEncoder.class, MiniLmTextEncoder.TOKENIZER_RESOURCE, notADir));
    }
}
