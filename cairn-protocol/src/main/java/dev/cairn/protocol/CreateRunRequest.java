package dev.cairn.protocol;

import dev.cairn.core.model.ExperimentId;
import java.util.List;

/**
 * POST runs/create. MLflow's clients always name the experiment; a request without one goes to the
 * default experiment "0", as MLflow's fluent API would.
 */
public record CreateRunRequest(String experimentId, String userId, String runName, Long startTime, List<TagJson> tags)
        implements MlflowRequest {
    @Override
    public void validate() {
        TagJson.toModels(tags, "tags");
    }

    /** The store's request; a missing start time means "now". */
    public dev.cairn.core.store.CreateRunRequest toStoreRequest(long now) {
        return new dev.cairn.core.store.CreateRunRequest(
                experimentId == null || experimentId.isEmpty() ? ExperimentId.DEFAULT : ExperimentId.of(experimentId),
                userId,
                startTime == null ? now : startTime,
                TagJson.toModels(tags, "tags"),
                runName == null || runName.isEmpty() ? null : runName);
    }
}
