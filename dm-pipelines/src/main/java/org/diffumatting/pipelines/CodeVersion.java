package org.diffumatting.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project version this code was built as (Maven {@code project.version}, filtered into a resource). */
public final class CodeVersion {
    private static final String VERSION = read();

    private CodeVersion() {}

    /** e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the resource is missing (running from an IDE). */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = CodeVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            return "unknown";
        }
        String v = p.getProperty("version", "unknown");
        return v.startsWith("${") ? "unknown" : v;
    }
}
