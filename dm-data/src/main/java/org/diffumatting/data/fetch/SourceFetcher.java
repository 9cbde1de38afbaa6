package org.diffumatting.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.common.DmException;

/**
 * {@code dm data fetch}: downloads each pinned archive into the cache, checks its SHA-256, and
 * extracts the entries the builder needs. Idempotent: an archive already present with the pinned
 * checksum is not downloaded again, and an extraction whose marker names that checksum is kept.
 * Atomic: downloads go to a temporary file that is verified before it is moved into place, and
 * extraction goes to a temporary folder renamed when complete.
 */
public final class SourceFetcher {

    /** What happened to one source. */
    public record Outcome(String source, boolean downloaded, boolean extracted, int files) {}

    private final CacheLayout cache;
    private final PrintStream log;
    private final HttpClient http;

    public SourceFetcher(CacheLayout cache, PrintStream log) {
        this.cache = cache;
        this.log = log;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    public List<Outcome> fetchAll(SourceCatalog catalog) {
        List<Outcome> out = new ArrayList<>();
        for (SourceSpec s : catalog.all()) out.add(fetch(s));
        return out;
    }

    public Outcome fetch(SourceSpec s) {
        try {
            Path archive = cache.archive(s);
            boolean downloaded = false;
            if (!(Files.isRegularFile(archive) && sha256(archive).equals(s.sha256()))) {
                download(s, archive);
                downloaded = true;
            }
            if (!downloaded && cache.isReady(s)) {
                log.printf("%-18s ok (cached, sha256 verified)%n", s.name());
                return new Outcome(s.name(), false, false, countFiles(cache.sourceDir(s)));
            }
            int files = extract(s, archive);
            log.printf("%-18s %s, extracted %d files%n", s.name(), downloaded ? "downloaded" : "cached", files);
            return new Outcome(s.name(), downloaded, true, files);
        } catch (IOException e) {
            throw new DmException("source '" + s.name() + "': " + e.getMessage(), e);
        }
    }

    private void download(SourceSpec s, Path archive) throws IOException {
        Files.createDirectories(archive.getParent());
        Path tmp = Files.createTempFile(archive.getParent(), "." + archive.getFileName(), ".part");
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(s.url())).timeout(Duration.ofMinutes(30)).GET().build();
            HttpResponse<InputStream> resp;
            try {
                resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (ConnectException | UnknownHostException | HttpConnectTimeoutException e) {
                throw new DmException("cannot reach " + URI.create(s.url()).getHost() + " to fetch source '" + s.name()
                        + "' (" + s.url() + "): " + describe(e), e);
            } catch (HttpTimeoutException e) {
                throw new DmException("timeout fetching source '" + s.name() + "' from " + s.url(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DmException("interrupted while fetching source '" + s.name() + "'", e);
            } catch (IOException e) {
                throw new DmException("cannot reach " + URI.create(s.url()).getHost() + " to fetch source '" + s.name()
                        + "' (" + s.url() + "): " + describe(e), e);
            }
            if (resp.statusCode() != 200) {
                resp.body().close();
                throw new DmException("source '" + s.name() + "': HTTP " + resp.statusCode() + " from " + s.url());
            }
            MessageDigest md = sha256Digest();
            long total = 0;
            long nextReport = 32L << 20;
            try (InputStream in = resp.body(); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    md.update(buf, 0, n);
                    total += n;
                    if (total >= nextReport) {
                        log.printf("%-18s %d / %d MiB%n", s.name(), total >> 20, s.size() >> 20);
                        nextReport += 32L << 20;
                    }
                }
            }
            String got = HexFormat.of().formatHex(md.digest());
            if (!got.equals(s.sha256()))
                throw new DmException("source '" + s.name() + "': checksum mismatch for " + s.url() + " (sha256 " + got
                        + ", pinned " + s.sha256() + ", " + total + " bytes)");
            try {
                Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private int extract(SourceSpec s, Path archive) throws IOException {
        Path dir = cache.sourceDir(s);
        Path tmp = dir.resolveSibling("." + dir.getFileName() + ".extracting");
        AtomicFiles.deleteTree(tmp);
        int n = ArchiveExtractor.extract(s, archive, tmp);
        if (n == 0) throw new DmException("source '" + s.name() + "': none of the include paths found in " + archive);
        AtomicFiles.deleteTree(dir);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.writeString(cache.completeMarker(s), s.sha256() + "\n");
        return n;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    static int countFiles(Path dir) throws IOException {
        try (Stream<Path> w = Files.walk(dir)) {
            return (int) w.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".complete")).count();
        }
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256Digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
