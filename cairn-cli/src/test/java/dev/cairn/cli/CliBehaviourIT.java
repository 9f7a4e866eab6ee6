package dev.cairn.cli;

import dev.cairn.client.behaviour.TestServer;
import dev.cairn.client.behaviour.TrackingBehaviourSuite;
import dev.cairn.client.behaviour.TrackingDriver;
import dev.cairn.server.CairnServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/** The behaviour suite through the command line against a real server (SQLite, proxied artifacts). */
class CliBehaviourIT extends TrackingBehaviourSuite {
    private CairnServer server;

    @Override
    protected TrackingDriver newDriver(Path dir) {
        server = TestServer.start(dir);
        return new CliDriver(server.url(), dir, "http://127.0.0.1:" + TestServer.closedPort());
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }
}
