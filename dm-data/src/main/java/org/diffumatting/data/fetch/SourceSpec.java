package org.diffumatting.data.fetch;

import java.util.List;

/**
 * One pinned third-party archive (an npm tarball or a Debian package) as listed in
 * {@code sources.json}.
 *
 * @param name        short id used for cache folders and the manifest's {@code source} field
 * @param kind        {@code npm} (gzip tarball) or {@code deb} (ar archive holding data.tar.xz)
 * @param role        {@code objects}, {@code names}, {@code sprites} or {@code backgrounds}
 * @param pkg         registry package name
 * @param version     exact pinned version
 * @param url         HTTPS address of the archive
 * @param sha256      expected SHA-256 of the archive, lower-case hex
 * @param size        expected size in bytes
 * @param licence     SPDX-like licence id written to every manifest line
 * @param attribution one-line attribution for ATTRIBUTION.md
 * @param include     archive paths to extract: entries equal to, or under (when ending in '/'), one of these
 */
public record SourceSpec(String name, String kind, String role, String pkg, String version, String url,
                         String sha256, long size, String licence, String attribution, List<String> include) {

    /** Whether an archive entry path (leading "./" removed) is one this source needs. */
    public boolean wants(String entryPath) {
        for (String inc : include) {
            if (inc.endsWith("/") ? entryPath.startsWith(inc) : entryPath.equals(inc)) return true;
        }
        return false;
    }

    /** File name of the downloaded archive in the cache. */
    public String archiveFileName() {
        String tail = url.substring(url.lastIndexOf('/') + 1);
        return name + "--" + tail;
    }

    /** Whether a CC-BY or CC-BY-SA licence requires attribution. */
    public boolean needsAttribution() {
        return licence.startsWith("CC-BY");
    }
}
