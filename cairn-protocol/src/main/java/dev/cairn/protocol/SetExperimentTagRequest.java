package dev.cairn.protocol;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Tag;

/** POST experiments/set-experiment-tag. */
public record SetExperimentTagRequest(String experimentId, String key, String value) implements MlflowRequest {
    @Override
    public void validate() {
        Required.text(experimentId, "experiment_id");
        Required.text(key, "key");
    }

    public ExperimentId id() {
        return ExperimentId.of(Required.text(experimentId, "experiment_id"));
    }

    public Tag tag() {
        return new Tag(Required.text(key, "key"), value == null ? "" : value);
    }
}
