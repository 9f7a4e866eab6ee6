package dev.cairn.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.artifact.MultipartUploads;
import dev.cairn.core.error.CairnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one gate every artifact path passes before any repository or the server's proxy touches storage.
 *
 * <p>MLflow's artifact endpoints collected more than twenty path-traversal CVEs, each a variant the
 * previous fix missed: {@code ..} segments, {@code %2e%2e}, {@code %252e}, backslashes, absolute and
 * drive-letter paths, {@code #}/{@code ?} cut-offs, NUL bytes, symlinks. So paths are checked here once,
 * with an allow-nothing-odd policy, instead of in each backend. Paths arriving here are already decoded
 * once by the HTTP layer; a {@code %XX} left in them means the client encoded twice, which no honest
 * client needs, so it is refused rather than decoded again.
 */
public final class ArtifactPath {
    /** Longest single name most file systems accept (bytes of UTF-8). */
    public static final int MAX_NAME_BYTES = 255;
    /** Longest relative path; PATH_MAX on Linux. */
    public static final int MAX_PATH_BYTES = 4096;

    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");
    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);
    private static final Pattern ONLY_DOTS_AND_SPACES = Pattern.compile("^[.\\s]+$");

    private ArtifactPath() {}

    /**
     * Validates a relative artifact path and returns it in canonical form: '/'-separated, no leading or
     * trailing slash, no empty or {@code .} segments; {@code ""} for the root (null or empty input).
     *
     * @throws CairnException INVALID_PARAMETER_VALUE for anything that could name a place outside the root
     */
    public static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        String canonical = check(path, path);
        // Full-width dots and solidi (U+FF0E, U+FF0F) and similar become '.' and '/' under NFKC, which some
        // storage layers or later tools apply; the normalised form must be just as harmless.
        String compat = Normalizer.normalize(path, Normalizer.Form.NFKC);
        if (!compat.equals(path)) {
            String compatCanonical = check(compat, path);
            if (compatCanonical.split("/", -1).length != canonical.split("/", -1).length) {
                throw refuse(path, "it contains characters that normalise to path separators");
            }
        }
        return canonical;
    }

    private static String check(String path, String original) {
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw refuse(original, "it is longer than " + MAX_PATH_BYTES + " bytes");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == 0) {
                throw refuse(original, "it contains a NUL byte");
            }
            if (c < 0x20 || c == 0x7f) {
                throw refuse(original, "it contains a control character");
            }
            if (c == '\\') {
                throw refuse(original, "it contains a backslash");
            }
            if (c == '#' || c == '?') {
                throw refuse(original, "it contains '" + c + "'");
            }
            if (c == '\uFFFD') {
                // what a decoder leaves of invalid UTF-8, e.g. the overlong "%c0%af" once read as '/'
                throw refuse(original, "it is not valid UTF-8");
            }
        }
        if (PERCENT_ESCAPE.matcher(path).find()) {
            throw refuse(original, "it contains a percent-encoded character (encoded twice?)");
        }
        if (path.startsWith("/") || path.startsWith("~")) {
            throw refuse(original, "it is absolute");
        }
        if (DRIVE_LETTER.matcher(path).matches()) {
            throw refuse(original, "it starts with a drive letter");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (ONLY_DOTS_AND_SPACES.matcher(segment).matches()) {
                // ".." and its Windows aliases ("..." , ". .", ".. ") that some file systems trim to ".."
                throw refuse(original, "it contains the segment '" + segment + "'");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw refuse(original, "a name is longer than " + MAX_NAME_BYTES + " bytes");
            }
            segments.add(segment);
        }
        return String.join("/", segments);
    }

    /**
     * Whether a normalised path lies in the directory {@link MultipartUploads#STAGING_DIR} at the root,
     * which holds upload state: servers refuse such paths to clients (repositories leave the directory
     * itself out of root listings, but read and write inside it for the uploads).
     */
    public static boolean isReserved(String normalized) {
        return normalized.equals(MultipartUploads.STAGING_DIR) || normalized.startsWith(MultipartUploads.STAGING_DIR + "/");
    }

    /** {@code dir/name} for two already-normalised parts, either of which may be empty. */
    public static String join(String dir, String name) {
        if (dir == null || dir.isEmpty()) {
            return name == null ? "" : name;
        }
        if (name == null || name.isEmpty()) {
            return dir;
        }
        return dir + "/" + name;
    }

    /** The last segment of a normalised path. */
    public static String fileName(String normalized) {
        int slash = normalized.lastIndexOf('/');
        return slash < 0 ? normalized : normalized.substring(slash + 1);
    }

    /**
     * Resolves a relative artifact path under a local root and proves the result stays inside it after
     * symlinks are followed: every part of the path that exists is resolved to its real path and must lie
     * under the root's real path (compared by path components, so a sibling {@code /data/root-evil} is not
     * inside {@code /data/root}). A dangling symlink is refused, since writing through it would create its
     * target wherever it points.
     */
    public static Path resolveLocal(Path root, String path) {
        requireNonNull(root, "root is null");
        String relative = normalize(path);
        Path rootReal = realRoot(root);
        Path target = relative.isEmpty() ? rootReal : rootReal.resolve(relative);
        for (Path p = target; p != null && p.startsWith(rootReal) && !p.equals(rootReal); p = p.getParent()) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Path real;
                try {
                    real = p.toRealPath();
                } catch (IOException e) {
                    throw refuse(path, "it goes through a link that points nowhere");
                }
                if (!real.startsWith(rootReal)) {
                    throw refuse(path, "it leads outside the artifact root through a symbolic link");
                }
            }
        }
        return target;
    }

    /** The root's real path when it exists (so a root reached through a symlink still works), else its normal form. */
    static Path realRoot(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        try {
            return Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }

    static CairnException refuse(String path, String reason) {
        return CairnException.invalidParameter("Invalid artifact path '%s': %s.", printable(path), reason);
    }

    /** The path as it may be shown in a message: control characters escaped, long input cut. */
    static String printable(String path) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < path.length() && b.length() < 300; i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return path.length() > 300 ? b + "..." : b.toString();
    }
}
