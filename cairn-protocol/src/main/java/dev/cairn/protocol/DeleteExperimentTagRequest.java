package dev.cairn.protocol;

import dev.cairn.core.model.ExperimentId;

/** POST experiments/delete-experiment-tag. */
public record DeleteExperimentTagRequest(String experimentId, String key) implements MlflowRequest {
    @Override
    public void validate() {
        Required.text(experimentId, "experiment_id");
        Required.text(key, "key");
    }

    public ExperimentId id() {
        return ExperimentId.of(Required.text(experimentId, "experiment_id"));
    }
}
