package dev.cairn.core.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A dataset used by a run, with input tags such as {@code mlflow.data.context}. */
public record DatasetInput(List<Tag> tags, Dataset dataset) {
    public static final String CONTEXT_TAG = "mlflow.data.context";

    public DatasetInput {
        tags = List.copyOf(tags);
        requireNonNull(dataset, "dataset is null");
    }
}
