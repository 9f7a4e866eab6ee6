package dev.cairn.protocol;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunStatus;

/** RunInfo. run_uuid is deprecated but MLflow still sends it (older clients read it), so we do too. */
public record RunInfoJson(
        String runId,
        String runUuid,
        String runName,
        String experimentId,
        String userId,
        RunStatus status,
        Long startTime,
        Long endTime,
        String artifactUri,
        String lifecycleStage) {
    public static RunInfoJson from(RunInfo info) {
        return new RunInfoJson(info.runId().value(), info.runId().value(), info.runName(), info.experimentId().value(),
                info.userId(), info.status(), info.startTime(), info.endTime(), info.artifactUri(),
                info.lifecycleStage().wireName());
    }

    public RunInfo toModel() {
        return new RunInfo(RunId.of(runId != null ? runId : runUuid), ExperimentId.of(experimentId), runName, userId,
                status == null ? RunStatus.RUNNING : status, startTime == null ? 0 : startTime, endTime, artifactUri,
                lifecycleStage == null ? LifecycleStage.ACTIVE : LifecycleStage.fromWireName(lifecycleStage));
    }
}
