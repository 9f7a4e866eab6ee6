package dev.cairn.protocol;

import dev.cairn.core.model.RunId;
import dev.cairn.core.model.Tag;

/** POST runs/set-tag. */
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
        return new Tag(Required.text(key, "key"), Required.value(value, "value"));
    }
}
