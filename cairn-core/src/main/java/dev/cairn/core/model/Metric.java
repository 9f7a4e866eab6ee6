package dev.cairn.core.model;

import static java.util.Objects.requireNonNull;

/** One metric point. {@code value} may be NaN or ±Infinity, as MLflow allows. */
public record Metric(String key, double value, long timestamp, long step) {
    public Metric {
        requireNonNull(key, "key is null");
    }
}
