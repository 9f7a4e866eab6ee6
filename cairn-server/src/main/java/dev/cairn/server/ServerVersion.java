package dev.cairn.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Cairn version, filtered into a class-path resource by Maven at build time. */
final class ServerVersion {
    static final String VERSION = load();

    private ServerVersion() {}

    private static String load() {
        try (InputStream in = ServerVersion.class.getResourceAsStream("/dev/cairn/server/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
