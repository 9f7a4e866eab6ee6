package dev.cairn.protocol;

import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import java.util.List;

/** Experiment; lifecycle_stage is MLflow's lowercase string ("active", "deleted"). */
public record ExperimentJson(
        String experimentId,
        String name,
        String artifactLocation,
        String lifecycleStage,
        Long lastUpdateTime,
        Long creationTime,
        List<TagJson> tags) {
    public static ExperimentJson from(Experiment e) {
        return new ExperimentJson(e.experimentId().value(), e.name(), e.artifactLocation(), e.lifecycleStage().wireName(),
                e.lastUpdateTime(), e.creationTime(), TagJson.fromAll(e.tags()));
    }

    public Experiment toModel() {
        return new Experiment(ExperimentId.of(experimentId), name, artifactLocation,
                lifecycleStage == null ? LifecycleStage.ACTIVE : LifecycleStage.fromWireName(lifecycleStage),
                creationTime == null ? 0 : creationTime, lastUpdateTime == null ? 0 : lastUpdateTime,
                tags == null ? List.of() : tags.stream().map(TagJson::toModel).toList());
    }
}
