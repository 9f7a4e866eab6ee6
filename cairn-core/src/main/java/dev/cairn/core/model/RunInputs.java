package dev.cairn.core.model;

import java.util.List;

/** The inputs of a run. */
public record RunInputs(List<DatasetInput> datasetInputs) {
    public static final RunInputs EMPTY = new RunInputs(List.of());

    public RunInputs {
        datasetInputs = List.copyOf(datasetInputs);
    }
}
