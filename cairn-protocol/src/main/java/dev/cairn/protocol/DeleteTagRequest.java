package dev.cairn.protocol;

import dev.cairn.core.model.RunId;

/** POST runs/delete-tag. */
public record DeleteTagRequest(String runId, String key) implements MlflowRequest {
    @Override
    public void validate() {
        id();
        Required.text(key, "key");
    }

    public RunId id() {
        return RunId.of(Required.text(runId, "run_id"));
    }
}
