package dev.cairn.server;

import java.nio.file.Path;

/** Starts a real server on a free port over a fresh SQLite database in a temporary directory. */
final class TestServers {
    private TestServers() {}

    static CairnServer startSqlite(Path dir) {
        ServerOptions options = ServerOptions.defaults()
                .withPort(0)
                .withWorkingDir(dir)
                .withBackendStoreUri("sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath())
                .withArtifactsDestination(dir.resolve("mlartifacts").toString());
        return CairnServer.start(options);
    }
}
