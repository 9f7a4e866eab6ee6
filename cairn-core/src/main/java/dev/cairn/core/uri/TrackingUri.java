package dev.cairn.core.uri;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tracking URI as the user wrote it, with its scheme normalised. Plain paths (relative,
 * absolute, {@code ~/x}, {@code C:\x}) have scheme {@code file}; {@code postgresql+psycopg2:}
 * has scheme {@code postgresql} and driver {@code psycopg2}. {@link #toString()} never shows a
 * password, so a URI can be logged.
 */
public record TrackingUri(String raw, String scheme, String driver) {
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9.\\-]*)(\\+[A-Za-z0-9_.\\-]+)?:(.*)$", Pattern.DOTALL);
    private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:[\\\\/].*");
    private static final Pattern PASSWORD = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    public TrackingUri {
        requireNonNull(raw, "raw is null");
        requireNonNull(scheme, "scheme is null");
    }

    public static TrackingUri parse(String uri) {
        requireNonNull(uri, "uri is null");
        String trimmed = uri.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("tracking URI is empty");
        }
        Matcher m = SCHEME.matcher(trimmed);
        if (WINDOWS_DRIVE.matcher(trimmed).matches() || !m.matches()) {
            return new TrackingUri(trimmed, "file", null);
        }
        String driver = m.group(2) == null ? null : m.group(2).substring(1);
        return new TrackingUri(trimmed, m.group(1).toLowerCase(Locale.ROOT), driver);
    }

    /** Everything after {@code scheme[+driver]:}; the whole string for plain paths. */
    public String schemeSpecificPart() {
        Matcher m = SCHEME.matcher(raw);
        if (WINDOWS_DRIVE.matcher(raw).matches() || !m.matches()) {
            return raw;
        }
        return m.group(3);
    }

    public boolean isLocalDirectory() {
        return scheme.equals("file");
    }

    /**
     * For {@code file} URIs and plain paths: the absolute local path, with {@code ~} expanded and
     * relative paths resolved against {@code workingDir}.
     */
    public Path localPath(Path workingDir) {
        if (!isLocalDirectory()) {
            throw new IllegalStateException("not a file URI: " + this);
        }
        String path = raw;
        if (path.regionMatches(true, 0, "file:", 0, 5)) {
            path = path.substring(5);
            if (path.startsWith("//")) {
                // file://host/path: only an empty host or localhost names this machine
                int slash = path.indexOf('/', 2);
                String host = slash < 0 ? path.substring(2) : path.substring(2, slash);
                if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                    throw new IllegalArgumentException("file URI names a remote host '" + host + "': " + this);
                }
                path = slash < 0 ? "/" : path.substring(slash);
            }
            path = java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (path.equals("~") || path.startsWith("~/")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : workingDir.resolve(p)).toAbsolutePath().normalize();
    }

    /** The URI with any password replaced by {@code ***}. */
    public String redacted() {
        return PASSWORD.matcher(raw).replaceAll("$1***@");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
