package dev.cairn.server.ui;

import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerOptions;
import java.nio.file.Path;

/**
 * A real server for the browser tests, on a free port over a fresh store in {@code dir}: SQLite by
 * default; {@code -Dcairn.ui.store=file} runs the same tests against the directory store.
 */
final class UiTestServer {
    private UiTestServer() {}

    static CairnServer start(Path dir, String name) {
        String kind = System.getProperty("cairn.ui.store", "sqlite");
        String uri = switch (kind) {
            case "sqlite" -> "sqlite:///" + dir.resolve(name + ".db").toAbsolutePath();
            case "file" -> "file://" + dir.resolve(name + "-mlruns").toAbsolutePath();
            default -> throw new IllegalArgumentException("cairn.ui.store must be sqlite or file, got " + kind);
        };
        return CairnServer.start(ServerOptions.defaults()
                .withPort(0)
                .withWorkingDir(dir)
                .withBackendStoreUri(uri)
                .withArtifactsDestination(dir.resolve("mlartifacts").toString()));
    }
}
