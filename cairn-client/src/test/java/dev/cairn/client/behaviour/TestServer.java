package dev.cairn.client.behaviour;

import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** A real Cairn server on a free port over a fresh SQLite database, artifacts proxied to a temp directory. */
public final class TestServer {
    private TestServer() {}

    public static CairnServer start(Path dir) {
        return CairnServer.start(ServerOptions.defaults()
                .withPort(0)
                .withWorkingDir(dir)
                .withBackendStoreUri("sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath())
                .withArtifactsDestination(dir.resolve("mlartifacts").toString()));
    }

    /** A local port nothing listens on (bound, then released). */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
