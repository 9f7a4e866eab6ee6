package dev.cairn.protocol;

import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunStatus;

/** POST runs/update: status, end time and name; unset fields stay as they are. */
public record UpdateRunRequest(String runId, String runUuid, RunStatus status, Long endTime, String runName)
        implements MlflowRequest {
    @Override
    public void validate() {
        id();
    }

    public RunId id() {
        return Required.runId(runId, runUuid);
    }

    public String runNameOrNull() {
        return runName == null || runName.isEmpty() ? null : runName;
    }
}
