package dev.cairn.server;

import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;

/**
 * Human-readable, absolute descriptions of where data goes, for the start-up log. Where the data goes
 * must never surprise anyone, so relative paths are shown resolved and URIs never show a password.
 */
final class StorageLocations {
    private StorageLocations() {}

    static String describeBackend(TrackingUri uri, Path workingDir) {
        if (uri.isLocalDirectory()) {
            return "directory " + uri.localPath(workingDir);
        }
        if (uri.scheme().equals("sqlite")) {
            String path = uri.schemeSpecificPart();
            if (path.isEmpty() || path.equals("//") || path.contains(":memory:")) {
                return "in-memory SQLite database (lost on exit)";
            }
            // sqlite:///relative.db and sqlite:////absolute.db, as SQLAlchemy reads them
            String file = path.startsWith("//") ? path.substring(3) : path;
            int query = file.indexOf('?');
            file = query >= 0 ? file.substring(0, query) : file;
            Path p = Path.of(file);
            return "SQLite database " + (p.isAbsolute() ? p : workingDir.resolve(p)).toAbsolutePath().normalize();
        }
        return uri.scheme() + " database " + uri.redacted();
    }

    static String describeArtifacts(ServerOptions options) {
        String root = options.effectiveDefaultArtifactRoot();
        if (root.startsWith(ServerOptions.PROXIED_ARTIFACT_ROOT.substring(0, ServerOptions.PROXIED_ARTIFACT_ROOT.length() - 1))) {
            return root + " (proxied by this server to " + describeLocation(options.artifactsDestination(), options.workingDir()) + ")";
        }
        return describeLocation(root, options.workingDir());
    }

    static String describeLocation(String location, Path workingDir) {
        if (location == null) {
            return "(none)";
        }
        TrackingUri uri = TrackingUri.parse(location);
        return uri.isLocalDirectory() ? uri.localPath(workingDir).toString() : uri.redacted();
    }
}
