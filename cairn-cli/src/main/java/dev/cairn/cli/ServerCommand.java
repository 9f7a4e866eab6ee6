package dev.cairn.cli;

import dev.cairn.core.uri.ResolvedTrackingUri;
import dev.cairn.core.uri.TrackingUriResolver;
import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerOptions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn server}: the tracking server, with {@code mlflow server}'s options and defaults. */
@Command(name = "server", aliases = "ui",
        description = "Run the tracking server (MLflow REST API, artifact proxy, web UI).",
        footer = "%n" + ExitCodes.DESCRIPTION)
final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // -h is MLflow's short form of --host, so help is --help only here
    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-h", "--host"}, defaultValue = ServerOptions.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "" + ServerOptions.DEFAULT_PORT,
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--backend-store-uri", paramLabel = "URI",
            description = "Where tracking data lives: a directory, sqlite:///file.db, postgresql://…, mysql://…. "
                    + "Default: ./mlruns if it already holds a store, else " + TrackingUriResolver.DEFAULT_SQLITE_URI
                    + " (MLFLOW_TRACKING_URI is not read: it usually names this server).")
    String backendStoreUri;

    @Option(names = "--default-artifact-root", paramLabel = "URI",
            description = "Artifact location of new experiments. Default: mlflow-artifacts:/ when serving artifacts, else ./mlruns.")
    String defaultArtifactRoot;

    @Option(names = "--artifacts-destination", paramLabel = "URI", defaultValue = ServerOptions.DEFAULT_ARTIFACTS_DESTINATION,
            description = "Where proxied artifacts are stored (default: ${DEFAULT-VALUE}).")
    String artifactsDestination;

    @Option(names = "--serve-artifacts", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Proxy artifact uploads and downloads (default: on; --no-serve-artifacts to turn off).")
    boolean serveArtifacts;

    @Option(names = "--artifacts-only", description = "Serve only the artifact proxy, no tracking API.")
    boolean artifactsOnly;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        CliContext context = ((CairnCli) spec.root().userObject()).context;
        String backend = backendStoreUri;
        if (backend == null || backend.isBlank()) {
            ResolvedTrackingUri resolved = TrackingUriResolver.resolve(null, Map.of(), context.workingDir());
            backend = resolved.uri().raw();
            context.err().println("Backend store: " + resolved.uri() + " (" + resolved.rule().description() + ")");
        }
        ServerOptions options = new ServerOptions(host, port, backend, defaultArtifactRoot, artifactsDestination,
                serveArtifacts, artifactsOnly, context.workingDir());
        CairnServer server = CairnServer.start(options);
        Thread stopper = new Thread(server::close, "cairn-server-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        context.out().println("Cairn server listening on " + server.url() + " (Ctrl-C to stop)");
        context.out().flush();
        server.join();
        return ExitCodes.OK;
    }
}
