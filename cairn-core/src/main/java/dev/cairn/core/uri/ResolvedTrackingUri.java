package dev.cairn.core.uri;

import static java.util.Objects.requireNonNull;

/** A tracking URI and the rule that chose it, so tools can tell the user why their runs go where they go. */
public record ResolvedTrackingUri(TrackingUri uri, Rule rule) {
    public enum Rule {
        EXPLICIT("set explicitly (--tracking-uri / setTrackingUri)"),
        ENVIRONMENT("from the MLFLOW_TRACKING_URI environment variable"),
        EXISTING_MLRUNS("default: ./mlruns already holds a directory store"),
        DEFAULT_SQLITE("default: embedded SQLite database ./mlflow.db");

        private final String description;

        Rule(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public ResolvedTrackingUri {
        requireNonNull(uri, "uri is null");
        requireNonNull(rule, "rule is null");
    }
}
