package dev.cairn.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.uri.TrackingUri;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks artifact LOCATIONS a client supplies (an experiment's {@code artifact_location}), as opposed to
 * paths inside a location ({@link ArtifactPath}). A location outside what the server allows would make
 * every later upload and download of that experiment go there, so it is refused at creation.
 */
public final class ArtifactLocations {
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|[/\\\\])\\.\\.?($|[/\\\\])");
    private static final Pattern ENCODED_DOT_OR_SLASH = Pattern.compile("%(25)*(2e|2f|5c|00)", Pattern.CASE_INSENSITIVE);

    private ArtifactLocations() {}

    /**
     * Returns {@code location} when it lies inside one of {@code allowedRoots} (URIs or local paths; relative
     * ones against {@code workingDir}), else throws INVALID_PARAMETER_VALUE. Refused outright: NUL, control
     * characters, {@code #}, {@code ?}, backslashes (UNC and Windows paths), {@code .}/{@code ..} segments,
     * percent-encoded dots, slashes and NUL, {@code file:} URIs naming a host. Local locations are compared
     * by real path (symlinks resolved) and by path components, so {@code /data/root-evil} is not inside
     * {@code /data/root}; remote ones by scheme, authority and path components.
     */
    public static String requireAllowed(String location, List<String> allowedRoots, Path workingDir) {
        requireNonNull(location, "location is null");
        requireNonNull(allowedRoots, "allowedRoots is null");
        requireNonNull(workingDir, "workingDir is null");
        String shown = ArtifactPath.printable(location);
        for (int i = 0; i < location.length(); i++) {
            char c = location.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw refuse(shown, "it contains a control character or NUL");
            }
            if (c == '#' || c == '?') {
                throw refuse(shown, "it contains '" + c + "'");
            }
            if (c == '\\') {
                throw refuse(shown, "it contains a backslash (UNC and Windows paths are not accepted)");
            }
        }
        if (DOT_SEGMENT.matcher(location).find()) {
            throw refuse(shown, "it contains a '.' or '..' segment");
        }
        if (ENCODED_DOT_OR_SLASH.matcher(location).find()) {
            throw refuse(shown, "it contains a percent-encoded dot, slash or NUL");
        }
        TrackingUri uri = TrackingUri.parse(location);
        for (String root : allowedRoots) {
            if (root == null || root.isBlank()) {
                continue;
            }
            TrackingUri allowed = TrackingUri.parse(root);
            if (!allowed.scheme().equals(uri.scheme())) {
                continue;
            }
            boolean inside = uri.isLocalDirectory()
                    ? localInside(location, root, workingDir, shown)
                    : remoteInside(location, root);
            if (inside) {
                return location;
            }
        }
        throw refuse(shown, "it is outside the artifact locations this server allows (" + String.join(", ", allowedRoots) + ")");
    }

    private static boolean localInside(String location, String root, Path workingDir, String shown) {
        Path path;
        try {
            path = TrackingUri.parse(location).localPath(workingDir);
        } catch (IllegalArgumentException e) {
            throw refuse(shown, e.getMessage());
        }
        if (location.startsWith("//")) {
            throw refuse(shown, "it is a network (UNC) path");
        }
        Path rootPath = TrackingUri.parse(root).localPath(workingDir);
        return realish(path).startsWith(realish(rootPath));
    }

    /** Real path of the deepest existing ancestor, with the missing rest appended: symlinks cannot hide an escape. */
    private static Path realish(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            return path;
        }
    }

    private static boolean remoteInside(String location, String root) {
        URI loc;
        URI base;
        try {
            loc = URI.create(location);
            base = URI.create(root);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!eq(lower(loc.getRawAuthority()), lower(base.getRawAuthority()))
                && !(base.getRawAuthority() == null && loc.getScheme().equalsIgnoreCase(MlflowArtifactsRepository.SCHEME))) {
            return false;
        }
        String locPath = trimSlashes(loc.getRawPath() == null ? loc.getRawSchemeSpecificPart() : loc.getRawPath());
        String basePath = trimSlashes(base.getRawPath() == null ? base.getRawSchemeSpecificPart() : base.getRawPath());
        return basePath.isEmpty() || locPath.equals(basePath) || locPath.startsWith(basePath + "/");
    }

    private static String trimSlashes(String s) {
        String t = s == null ? "" : s;
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static CairnException refuse(String shown, String reason) {
        return CairnException.invalidParameter("Invalid artifact location '%s': %s.", shown, reason);
    }
}
