package dev.cairn.protocol;

import dev.cairn.core.model.RunInputs;
import java.util.List;

/** RunInputs: the datasets a run used. */
public record RunInputsJson(List<DatasetInputJson> datasetInputs) {
    public static RunInputsJson from(RunInputs inputs) {
        return new RunInputsJson(inputs.datasetInputs().stream().map(DatasetInputJson::from).toList());
    }

    public RunInputs toModel() {
        return new RunInputs(datasetInputs == null ? List.of() : datasetInputs.stream().map(DatasetInputJson::toModel).toList());
    }
}
