package dev.cairn.core.model;

import static java.util.Objects.requireNonNull;

/** Run metadata. {@code endTime} is null while a run has not ended. */
public record RunInfo(
        RunId runId,
        ExperimentId experimentId,
        String runName,
        String userId,
        RunStatus status,
        long startTime,
        Long endTime,
        String artifactUri,
        LifecycleStage lifecycleStage) {
    public RunInfo {
        requireNonNull(runId, "runId is null");
        requireNonNull(experimentId, "experimentId is null");
        requireNonNull(status, "status is null");
        requireNonNull(lifecycleStage, "lifecycleStage is null");
    }
}
