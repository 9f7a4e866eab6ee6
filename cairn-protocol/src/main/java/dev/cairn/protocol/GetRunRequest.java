package dev.cairn.protocol;

import dev.cairn.core.model.RunId;

/** GET runs/get. */
public record GetRunRequest(String runId, String runUuid) implements MlflowRequest {
    @Override
    public void validate() {
        id();
    }

    public RunId id() {
        return Required.runId(runId, runUuid);
    }
}
