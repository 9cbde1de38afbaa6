package org.diffumatting.data.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.diffumatting.common.DmException;

/**
 * Extracts the wanted entries of an npm tarball (gzip + tar) or a Debian package
 * (ar archive: debian-binary, control.tar.*, data.tar.xz or data.tar.gz) into a folder.
 * Only regular files are written; links and entries escaping the folder are skipped.
 */
public final class ArchiveExtractor {
    private ArchiveExtractor() {}

    /** Extracts {@code archive} into {@code dest}; returns the number of files written. */
    public static int extract(SourceSpec spec, Path archive, Path dest) throws IOException {
        Files.createDirectories(dest);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            return switch (spec.kind()) {
                case "npm" -> extractTar(spec, new GzipCompressorInputStream(raw), dest);
                case "deb" -> extractDeb(spec, raw, dest);
                default -> throw new DmException("source '" + spec.name() + "': unknown kind '" + spec.kind() + "' in sources.json");
            };
        }
    }

    private static int extractDeb(SourceSpec spec, InputStream raw, Path dest) throws IOException {
        ArArchiveInputStream ar = new ArArchiveInputStream(raw);
        ArArchiveEntry e;
        while ((e = ar.getNextEntry()) != null) {
            String n = e.getName();
            if (n.equals("data.tar.xz")) return extractTar(spec, new XZCompressorInputStream(ar), dest);
            if (n.equals("data.tar.gz")) return extractTar(spec, new GzipCompressorInputStream(ar), dest);
            if (n.startsWith("data.tar"))
                throw new DmException("source '" + spec.name() + "': unsupported member " + n + " in " + spec.url());
        }
        throw new DmException("source '" + spec.name() + "': no data.tar member in " + spec.url());
    }

    private static int extractTar(SourceSpec spec, InputStream in, Path dest) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry e;
        int count = 0;
        Path root = dest.toAbsolutePath().normalize();
        while ((e = tar.getNextEntry()) != null) {
            if (!e.isFile()) continue;
            String name = e.getName();
            while (name.startsWith("./")) name = name.substring(2);
            if (!spec.wants(name)) continue;
            Path out = root.resolve(name).normalize();
            if (!out.startsWith(root)) continue; // never write outside dest
            Files.createDirectories(out.getParent());
            Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
            count++;
        }
        return count;
    }
}
