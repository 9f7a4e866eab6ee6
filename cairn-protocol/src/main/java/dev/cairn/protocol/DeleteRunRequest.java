package dev.cairn.protocol;

import dev.cairn.core.model.RunId;

/** POST runs/delete. */
public record DeleteRunRequest(String runId) implements MlflowRequest {
    @Override
    public void validate() {
        id();
    }

    public RunId id() {
        return RunId.of(Required.text(runId, "run_id"));
    }
}
