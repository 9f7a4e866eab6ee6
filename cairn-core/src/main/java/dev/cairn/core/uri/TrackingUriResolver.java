package dev.cairn.core.uri;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one place that decides where runs go: explicit setting, then {@code MLFLOW_TRACKING_URI},
 * then {@code ./mlruns} if it already holds a store, else {@code sqlite:///mlflow.db}.
 * Server, client and CLI all call this, so they can never disagree.
 */
public final class TrackingUriResolver {
    public static final String ENV_VAR = "MLFLOW_TRACKING_URI";
    public static final String DEFAULT_SQLITE_URI = "sqlite:///mlflow.db";
    public static final String DEFAULT_DIRECTORY = "mlruns";

    private TrackingUriResolver() {}

    public static ResolvedTrackingUri resolve(String explicit, Map<String, String> env, Path workingDir) {
        if (explicit != null && !explicit.isBlank()) {
            return new ResolvedTrackingUri(TrackingUri.parse(explicit), ResolvedTrackingUri.Rule.EXPLICIT);
        }
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new ResolvedTrackingUri(TrackingUri.parse(fromEnv), ResolvedTrackingUri.Rule.ENVIRONMENT);
        }
        Path mlruns = workingDir.resolve(DEFAULT_DIRECTORY);
        if (holdsDirectoryStore(mlruns)) {
            return new ResolvedTrackingUri(
                    TrackingUri.parse(mlruns.toAbsolutePath().toString()), ResolvedTrackingUri.Rule.EXISTING_MLRUNS);
        }
        return new ResolvedTrackingUri(TrackingUri.parse(DEFAULT_SQLITE_URI), ResolvedTrackingUri.Rule.DEFAULT_SQLITE);
    }

    /** Resolves with this process's environment and working directory. */
    public static ResolvedTrackingUri resolve(String explicit) {
        return resolve(explicit, System.getenv(), Path.of("").toAbsolutePath());
    }

    /** A directory store is recognised by its default experiment's meta.yaml (MLflow's layout). */
    static boolean holdsDirectoryStore(Path dir) {
        return Files.isRegularFile(dir.resolve("0").resolve("meta.yaml"));
    }
}
