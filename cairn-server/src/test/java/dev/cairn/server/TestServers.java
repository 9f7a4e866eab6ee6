package dev.cairn.server;

import java.nio.file.Path;

/**
 * Starts a real server on a free port over a fresh store in a temporary directory: SQLite by default,
 * the directory store with {@code -Dcairn.it.backend=file} (to run the same suites against it).
 */
final class TestServers {
    private TestServers() {}

    static CairnServer startSqlite(Path dir) {
        String backend = System.getProperty("cairn.it.backend", "sqlite");
        String uri = switch (backend) {
            case "sqlite" -> "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath();
            case "file" -> dir.resolve("mlruns").toAbsolutePath().toUri().toString();
            default -> throw new IllegalArgumentException("unknown cairn.it.backend: " + backend);
        };
        ServerOptions options = ServerOptions.defaults()
                .withPort(0)
                .withWorkingDir(dir)
                .withBackendStoreUri(uri)
                .withArtifactsDestination(dir.resolve("mlartifacts").toString());
        return CairnServer.start(options);
    }
}
