package dev.cairn.protocol;

import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.RunId;
import java.util.List;

/** POST runs/log-inputs. */
public record LogInputsRequest(String runId, List<DatasetInputJson> datasets) implements MlflowRequest {
    @Override
    public void validate() {
        id();
        modelInputs();
    }

    public RunId id() {
        return RunId.of(Required.text(runId, "run_id"));
    }

    public List<DatasetInput> modelInputs() {
        return DatasetInputJson.toModels(datasets, "datasets");
    }
}
