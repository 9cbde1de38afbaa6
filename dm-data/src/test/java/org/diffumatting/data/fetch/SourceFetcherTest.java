package org.diffumatting.data.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.diffumatting.common.DmException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching from a local HTTP server: checksum, extraction filter, idempotence, clear errors. */
class SourceFetcherTest {
    static HttpServer server;
    static byte[] tgz;
    static final AtomicInteger requests = new AtomicInteger();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bos))) {
            for (String[] f : new String[][] {{"package/dist/svg/1f600.svg", "<svg/>"}, {"package/README.md", "readme"},
                    {"package/../../evil.txt", "x"}}) {
                byte[] b = f[1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f[0], true);
                e.setSize(b.length);
                tar.putArchiveEntry(e);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
        tgz = bos.toByteArray();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/pkg.tgz", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, tgz.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(tgz);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    SourceSpec spec(String url, String sha) {
        return new SourceSpec("demo", "npm", "objects", "demo", "1.0.0", url, sha, tgz.length, "MIT", "demo", List.of("package/dist/svg/", "package/../../evil.txt"));
    }

    @Test
    void downloadsVerifiesExtractsAndIsIdempotent() throws Exception {
        CacheLayout cache = new CacheLayout(tmp.resolve("cache"));
        SourceSpec s = spec("http://127.0.0.1:" + server.getAddress().getPort() + "/pkg.tgz", sha(tgz));
        SourceFetcher f = new SourceFetcher(cache, new PrintStream(OutputStream.nullOutputStream()));
        int before = requests.get();
        SourceFetcher.Outcome first = f.fetch(s);
        assertTrue(first.downloaded());
        assertEquals(1, first.files(), "only the included entry, never one escaping the folder");
        assertEquals("<svg/>", Files.readString(cache.sourceDir(s).resolve("package/dist/svg/1f600.svg")));
        assertFalse(Files.exists(cache.sourceDir(s).resolve("package/README.md")));
        assertTrue(cache.isReady(s));
        SourceFetcher.Outcome second = f.fetch(s);
        assertFalse(second.downloaded());
        assertFalse(second.extracted());
        assertEquals(before + 1, requests.get(), "verified archive not downloaded again");
        try (var files = Files.list(cache.archives())) {
            assertEquals(1, files.count(), "no temporary files left");
        }
    }

    @Test
    void checksumMismatchIsAClearErrorAndLeavesNothing() {
        CacheLayout cache = new CacheLayout(tmp.resolve("cache2"));
        SourceSpec s = spec("http://127.0.0.1:" + server.getAddress().getPort() + "/pkg.tgz", "00".repeat(32));
        DmException e = assertThrows(DmException.class, () -> new SourceFetcher(cache, new PrintStream(OutputStream.nullOutputStream())).fetch(s));
        assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains("demo"), e.getMessage());
        assertFalse(Files.exists(cache.archive(s)));
        assertFalse(cache.isReady(s));
    }

    @Test
    void unreachableRegistryNamesTheSource() throws IOException {
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        CacheLayout cache = new CacheLayout(tmp.resolve("cache3"));
        SourceSpec s = spec("http://127.0.0.1:" + port + "/pkg.tgz", "00".repeat(32));
        DmException e = assertThrows(DmException.class, () -> new SourceFetcher(cache, new PrintStream(OutputStream.nullOutputStream())).fetch(s));
        assertTrue(e.getMessage().startsWith("cannot reach 127.0.0.1") && e.getMessage().contains("'demo'"), e.getMessage());
    }

    @Test
    void bundledCatalogPinsEverySource() {
        SourceCatalog c = SourceCatalog.bundled();
        assertTrue(c.all().size() >= 10);
        for (SourceSpec s : c.all()) {
            assertTrue(s.sha256().matches("[0-9a-f]{64}"), s.name());
            assertTrue(s.url().startsWith("https://"), s.name());
            assertFalse(s.version().isBlank(), s.name());
            assertFalse(s.include().isEmpty(), s.name());
        }
        assertThrows(DmException.class, () -> c.get("openmoji"));
    }
}
