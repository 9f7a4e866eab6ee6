package dev.cairn.protocol;

import dev.cairn.core.model.ExperimentId;

/** POST experiments/update: renames when new_name is given. */
public record UpdateExperimentRequest(String experimentId, String newName) implements MlflowRequest {
    @Override
    public void validate() {
        Required.text(experimentId, "experiment_id");
    }

    public ExperimentId id() {
        return ExperimentId.of(Required.text(experimentId, "experiment_id"));
    }
}
