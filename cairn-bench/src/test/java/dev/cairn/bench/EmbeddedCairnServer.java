package dev.cairn.bench;

import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerOptions;
import java.nio.file.Path;

/**
 * Starts Cairn's server from the bench's test class path, for benchmarking before (or without)
 * the {@code ./cairn} launcher: {@code EmbeddedCairnServer <port> <backend-store-uri> [working-dir]}.
 */
public final class EmbeddedCairnServer {
    private EmbeddedCairnServer() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: EmbeddedCairnServer <port> <backend-store-uri> [working-dir]");
            System.exit(2);
        }
        ServerOptions options = ServerOptions.defaults()
                .withPort(Integer.parseInt(args[0]))
                .withBackendStoreUri(args[1]);
        if (args.length > 2) {
            options = options.withWorkingDir(Path.of(args[2]).toAbsolutePath());
        }
        CairnServer server = CairnServer.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.join();
    }
}
