package dev.cairn.protocol;

import dev.cairn.core.model.Param;
import dev.cairn.core.model.RunId;

/** POST runs/log-parameter. A missing value is the empty string, as MLflow (which only requires run_id and key) takes it. */
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
        return new Param(Required.text(key, "key"), value == null ? "" : value);
    }
}
