package dev.cairn.protocol;

import dev.cairn.core.model.RunId;
import dev.cairn.core.model.Tag;

/** POST runs/set-tag. A missing value is the empty string, as in MLflow. */
public record SetTagRequest(String runId, String runUuid, String key, String value) implements MlflowRequest {
    @Override
    public void validate() {
        id();
        tag();
    }

    public RunId id() {
        return Required.runId(runId, runUuid);
    }

    public Tag tag() {
        return new Tag(Required.text(key, "key"), value == null ? "" : value);
    }
}
