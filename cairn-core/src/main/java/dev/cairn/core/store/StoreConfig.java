package dev.cairn.core.store;

import java.nio.file.Path;

/**
 * Settings a store needs beyond its URI.
 *
 * @param defaultArtifactRoot where new experiments put artifacts when they name no location
 *     (e.g. {@code mlflow-artifacts:/} on a proxying server); null means the backend's own default
 *     (the store directory itself for directory stores, {@code ./mlruns} for SQL stores)
 * @param workingDir against which relative paths in URIs are resolved
 */
public record StoreConfig(String defaultArtifactRoot, Path workingDir) {
    public StoreConfig {
        // Stores append "/<experiment id>": a root given as "mlflow-artifacts:/" or "s3://b/" must not
        // end in a slash, or locations come out as "mlflow-artifacts://0" (a host name) or "s3://b//0".
        while (defaultArtifactRoot != null && defaultArtifactRoot.length() > 1 && defaultArtifactRoot.endsWith("/")) {
            defaultArtifactRoot = defaultArtifactRoot.substring(0, defaultArtifactRoot.length() - 1);
        }
    }

    public static StoreConfig defaults() {
        return new StoreConfig(null, Path.of("").toAbsolutePath());
    }
}
