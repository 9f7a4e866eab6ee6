package dev.cairn.cli;

import dev.cairn.client.CairnTracking;
import dev.cairn.client.ClientConfig;
import dev.cairn.core.uri.ResolvedTrackingUri;
import dev.cairn.core.uri.TrackingUriResolver;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
    enum Format { table, json }

    @Option(names = "--tracking-uri", paramLabel = "URI",
            description = "Where runs are: a directory, sqlite:///file.db, postgresql://…, mysql://… or a server "
                    + "http(s)://host:port. Default: MLFLOW_TRACKING_URI, else ./mlruns if it holds a store, "
                    + "else sqlite:///mlflow.db.")
    String trackingUri;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default) or json (MLflow's REST shapes; errors as {\"error_code\", \"message\"} on stderr).")
    Format output = Format.table;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    boolean json() {
        return output == Format.json;
    }

    ResolvedTrackingUri resolve(CliContext context) {
        return TrackingUriResolver.resolve(trackingUri, context.env(), context.workingDir());
    }

    CairnTracking open(CliContext context) {
        return CairnTracking.open(resolve(context), ClientConfig.fromEnvironment(context.env(), context.workingDir()));
    }
}
