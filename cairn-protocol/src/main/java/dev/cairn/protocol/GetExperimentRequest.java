package dev.cairn.protocol;

import dev.cairn.core.model.ExperimentId;

/** GET experiments/get. */
public record GetExperimentRequest(String experimentId) implements MlflowRequest {
    @Override
    public void validate() {
        Required.text(experimentId, "experiment_id");
    }

    public ExperimentId id() {
        return ExperimentId.of(Required.text(experimentId, "experiment_id"));
    }
}
