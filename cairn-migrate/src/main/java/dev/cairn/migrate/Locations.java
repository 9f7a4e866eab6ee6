package dev.cairn.migrate;

import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import java.util.Optional;

/** Artifact-location string helpers shared by migration, relocation, the resolver and the doctor check. */
final class Locations {
    private Locations() {}

    /** As the directory store writes locations: {@code file://} plus the absolute path, no trailing slash. */
    static String fileUri(Path path) {
        return stripTrailingSlash("file://" + path.toAbsolutePath().normalize().toUri().getRawPath());
    }

    static String stripTrailingSlash(String s) {
        return s.length() > 1 && s.endsWith("/") && !s.endsWith(":/") && !s.endsWith("://") ? s.substring(0, s.length() - 1) : s;
    }

    /** True for {@code file:} URIs and plain paths. */
    static boolean isLocal(String location) {
        return location != null && !location.isBlank() && TrackingUri.parse(location).isLocalDirectory();
    }

    static boolean isFileUri(String location) {
        return location.regionMatches(true, 0, "file:", 0, 5);
    }

    /** The local path of a {@code file:} URI or plain path; empty for other schemes or remote hosts. */
    static Optional<Path> localPath(String location) {
        if (!isLocal(location)) {
            return Optional.empty();
        }
        try {
            return Optional.of(TrackingUri.parse(location).localPath(Path.of("").toAbsolutePath()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code location} with prefix {@code from} replaced by {@code to}, matching whole segments; null when not under it. */
    static String relocated(String location, String from, String to) {
        if (location == null) {
            return null;
        }
        if (location.equals(from)) {
            return to;
        }
        if (location.startsWith(from + "/")) {
            return to + location.substring(from.length());
        }
        return null;
    }

    /** A path rendered the way {@code like} is written: as a file URI when it is one, else as a plain path. */
    static String sameForm(Path path, String like) {
        return isFileUri(like) ? fileUri(path) : path.toString();
    }
}
