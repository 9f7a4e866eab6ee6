package dev.cairn.core.model;

import static java.util.Objects.requireNonNull;

/** A metric point together with the run it belongs to (bulk history answers). */
public record RunMetric(RunId runId, Metric metric) {
    public RunMetric {
        requireNonNull(runId, "runId is null");
        requireNonNull(metric, "metric is null");
    }
}
