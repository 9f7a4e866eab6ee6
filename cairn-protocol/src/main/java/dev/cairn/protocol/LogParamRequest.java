package dev.cairn.protocol;

import dev.cairn.core.model.Param;
import dev.cairn.core.model.RunId;

/** POST runs/log-parameter. */
public record LogParamRequest(String runId, String runUuid, String key, String value) implements MlflowRequest {
    @Override
    public void validate() {
        id();
        param();
    }

    public RunId id() {
        return Required.runId(runId, runUuid);
    }

    public Param param() {
        return new Param(Required.text(key, "key"), Required.value(value, "value"));
    }
}
