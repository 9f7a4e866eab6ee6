package dev.cairn.server.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.artifacts.ArtifactLocations;
import dev.cairn.server.ServerOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Which artifact locations a client may give an experiment on this server: under the server's default
 * artifact root, or (when the server proxies artifacts) any {@code mlflow-artifacts:} location, which the
 * server maps inside its {@code --artifacts-destination}.
 */
public final class ArtifactLocationPolicy {
    private ArtifactLocationPolicy() {}

    /**
     * For the experiment-create handler: returns {@code location} unchanged when it is allowed, null when the
     * client named none (the store then picks one under the default root), and throws
     * {@code CairnException(INVALID_PARAMETER_VALUE)} for anything outside the allowed roots.
     */
    public static String requireAllowedLocation(ServerOptions options, String location) {
        requireNonNull(options, "options is null");
        if (location == null || location.isEmpty()) {
            return null;
        }
        return ArtifactLocations.requireAllowed(location, allowedRoots(options), options.workingDir());
    }

    /** The roots {@link #requireAllowedLocation} accepts locations under. */
    public static List<String> allowedRoots(ServerOptions options) {
        List<String> roots = new ArrayList<>();
        roots.add(options.effectiveDefaultArtifactRoot());
        if (options.serveArtifacts() && !roots.contains(ServerOptions.PROXIED_ARTIFACT_ROOT)) {
            roots.add(ServerOptions.PROXIED_ARTIFACT_ROOT);
        }
        return List.copyOf(roots);
    }
}
