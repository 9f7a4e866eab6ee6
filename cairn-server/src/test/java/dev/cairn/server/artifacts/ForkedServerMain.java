package dev.cairn.server.artifacts;

import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerOptions;
import java.nio.file.Path;

/**
 * Starts one server in a JVM of its own for {@link ForkedServer}: arguments are the backend store URI,
 * the artifact destination and the working directory; it listens on a free port and prints
 * {@value #READY} and its URL once it accepts requests, then runs until killed.
 */
public final class ForkedServerMain {
    static final String READY = "CAIRN_FORKED_SERVER_URL=";

    private ForkedServerMain() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: ForkedServerMain <backend-store-uri> <artifacts-destination> <working-dir>");
            System.exit(2);
        }
        ServerOptions options = new ServerOptions("127.0.0.1", 0, args[0], null, args[1], true, false, Path.of(args[2]));
        CairnServer server = CairnServer.start(options);
        System.out.println(READY + server.url());
        System.out.flush();
        server.join();
    }
}
