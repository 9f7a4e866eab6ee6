package dev.cairn.server;

import java.nio.file.Path;

/** Starts a real server on a free port over a fresh store in a temporary directory. */
final class TestServers {
    private TestServers() {}

    static String sqliteUri(Path dir) {
        return "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath();
    }

    static String directoryUri(Path dir) {
        return dir.resolve("mlruns").toAbsolutePath().toUri().toString();
    }

    static CairnServer start(Path dir, String backendStoreUri) {
        ServerOptions options = ServerOptions.defaults()
                .withPort(0)
                .withWorkingDir(dir)
                .withBackendStoreUri(backendStoreUri)
                .withArtifactsDestination(dir.resolve("mlartifacts").toString());
        return CairnServer.start(options);
    }
}
