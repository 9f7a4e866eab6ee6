package dev.cairn.client.behaviour;

import dev.cairn.server.CairnServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/** The behaviour suite through the client in REST mode against a real server (SQLite, proxied artifacts). */
class ClientRestBehaviourIT extends TrackingBehaviourSuite {
    private CairnServer server;

    @Override
    protected TrackingDriver newDriver(Path dir) {
        server = TestServer.start(dir);
        String unreachable = "http://127.0.0.1:" + TestServer.closedPort();
        return new ClientDriver(server.url(), dir, unreachable, unreachable);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }
}
