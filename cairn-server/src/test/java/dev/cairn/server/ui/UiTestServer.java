package dev.cairn.server.ui;

import dev.cairn.server.CairnServer;
import dev.cairn.server.ScratchDatabase;
import dev.cairn.server.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real server for the browser tests, on a free port over a fresh store: {@code sqlite} (a file in
 * {@code dir}), {@code file} (a directory store in {@code dir}) or {@code postgresql} (a scratch
 * database on the local server, dropped on close). Test classes pick the store; {@code
 * -Dcairn.ui.store=...} changes the one used by the classes that take the default (SQLite).
 */
final class UiTestServer implements AutoCloseable {
    static final String DEFAULT_STORE = System.getProperty("cairn.ui.store", "sqlite");

    private final String store;
    private final CairnServer server;
    private final ScratchDatabase database;

    private UiTestServer(String store, CairnServer server, ScratchDatabase database) {
        this.store = store;
        this.server = server;
        this.database = database;
    }

    static UiTestServer start(Path dir, String name, String store) {
        ScratchDatabase database = store.equals("postgresql") ? ScratchDatabase.postgres() : null;
        String uri = switch (store) {
            case "sqlite" -> "sqlite:///" + dir.resolve(name + ".db").toAbsolutePath();
            case "file" -> "file://" + dir.resolve(name + "-mlruns").toAbsolutePath();
            case "postgresql" -> database.trackingUri();
            default -> throw new IllegalArgumentException("the UI tests' store must be sqlite, file or postgresql, got " + store);
        };
        try {
            return new UiTestServer(store, CairnServer.start(ServerOptions.defaults()
                    .withPort(0)
                    .withWorkingDir(dir)
                    .withBackendStoreUri(uri)
                    .withArtifactsDestination(dir.resolve("mlartifacts").toString())), database);
        } catch (RuntimeException e) {
            if (database != null) {
                database.drop();
            }
            throw e;
        }
    }

    String store() {
        return store;
    }

    String url() {
        return server.url();
    }

    /** The machine's 1-minute load average, printed beside every timing (the build machine is shared). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Prefix of every timing line: which store, and how busy the machine was. */
    String timingTag() {
        return "[ui-timing] [" + store + ", load " + loadAverage() + "]";
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            if (database != null) {
                database.drop();
            }
        }
    }
}
