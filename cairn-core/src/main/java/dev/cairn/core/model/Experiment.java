package dev.cairn.core.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** An experiment with its tags. Times are epoch milliseconds. */
public record Experiment(
        ExperimentId experimentId,
        String name,
        String artifactLocation,
        LifecycleStage lifecycleStage,
        long creationTime,
        long lastUpdateTime,
        List<Tag> tags) {
    public Experiment {
        requireNonNull(experimentId, "experimentId is null");
        requireNonNull(name, "name is null");
        requireNonNull(lifecycleStage, "lifecycleStage is null");
        tags = List.copyOf(tags);
    }
}
