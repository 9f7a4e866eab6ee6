package dev.cairn.server;

import java.nio.file.Path;

/**
 * Options of {@code cairn server}, named and defaulted as {@code mlflow server}'s.
 *
 * @param backendStoreUri tracking URI of the store (default {@code sqlite:///mlflow.db})
 * @param defaultArtifactRoot artifact root for new experiments; null means {@code mlflow-artifacts:/}
 *     when serving artifacts, else {@code ./mlruns}
 * @param artifactsDestination where proxied artifacts are stored (default {@code ./mlartifacts})
 * @param serveArtifacts whether the server proxies artifact uploads/downloads (default on)
 * @param artifactsOnly serve only the artifact proxy, no tracking API
 * @param workingDir against which relative paths are resolved
 */
public record ServerOptions(
        String host,
        int port,
        String backendStoreUri,
        String defaultArtifactRoot,
        String artifactsDestination,
        boolean serveArtifacts,
        boolean artifactsOnly,
        Path workingDir) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5000;
    public static final String DEFAULT_BACKEND_STORE_URI = "sqlite:///mlflow.db";
    public static final String DEFAULT_ARTIFACTS_DESTINATION = "./mlartifacts";
    public static final String PROXIED_ARTIFACT_ROOT = "mlflow-artifacts:/";

    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_BACKEND_STORE_URI, null,
                DEFAULT_ARTIFACTS_DESTINATION, true, false, Path.of("").toAbsolutePath());
    }

    public ServerOptions withPort(int newPort) {
        return new ServerOptions(host, newPort, backendStoreUri, defaultArtifactRoot, artifactsDestination,
                serveArtifacts, artifactsOnly, workingDir);
    }

    public ServerOptions withBackendStoreUri(String uri) {
        return new ServerOptions(host, port, uri, defaultArtifactRoot, artifactsDestination,
                serveArtifacts, artifactsOnly, workingDir);
    }

    public ServerOptions withArtifactsDestination(String destination) {
        return new ServerOptions(host, port, backendStoreUri, defaultArtifactRoot, destination,
                serveArtifacts, artifactsOnly, workingDir);
    }

    public ServerOptions withWorkingDir(Path dir) {
        return new ServerOptions(host, port, backendStoreUri, defaultArtifactRoot, artifactsDestination,
                serveArtifacts, artifactsOnly, dir);
    }

    /** The artifact root new experiments get when they name none. */
    public String effectiveDefaultArtifactRoot() {
        if (defaultArtifactRoot != null && !defaultArtifactRoot.isBlank()) {
            return defaultArtifactRoot;
        }
        return serveArtifacts ? PROXIED_ARTIFACT_ROOT : workingDir.resolve("mlruns").toAbsolutePath().normalize().toString();
    }
}
