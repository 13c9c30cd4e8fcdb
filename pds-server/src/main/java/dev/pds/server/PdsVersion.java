package dev.pds.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, from the filtered {@code pds-version.properties} resource. */
public final class PdsVersion {
    private static final String VERSION = load();

    private PdsVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = PdsVersion.class.getResourceAsStream("/pds-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("pds-version.properties is missing from the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            if (version == null || version.isBlank() || version.contains("${")) {
                throw new IllegalStateException("pds-version.properties was not filtered by the build");
            }
            return version.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
