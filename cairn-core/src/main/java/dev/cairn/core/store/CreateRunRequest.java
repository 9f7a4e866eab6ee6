package dev.cairn.core.store;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Tag;
import java.util.List;

/**
 * What a new run starts with. {@code runName} may be null: the store then takes the
 * {@code mlflow.runName} tag, or generates a name, and keeps name and tag in step.
 */
public record CreateRunRequest(ExperimentId experimentId, String userId, long startTime, List<Tag> tags, String runName) {
    public CreateRunRequest {
        requireNonNull(experimentId, "experimentId is null");
        tags = List.copyOf(tags);
    }
}
