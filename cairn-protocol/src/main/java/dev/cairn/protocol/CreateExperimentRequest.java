package dev.cairn.protocol;

import dev.cairn.core.model.Tag;
import java.util.List;

/** POST experiments/create. */
public record CreateExperimentRequest(String name, String artifactLocation, List<TagJson> tags) implements MlflowRequest {
    @Override
    public void validate() {
        Required.text(name, "name");
        modelTags();
    }

    public List<Tag> modelTags() {
        return TagJson.toModels(tags, "tags");
    }

    /** An empty artifact location means "the default", as protobuf cannot tell empty from unset. */
    public String artifactLocationOrNull() {
        return artifactLocation == null || artifactLocation.isEmpty() ? null : artifactLocation;
    }
}
