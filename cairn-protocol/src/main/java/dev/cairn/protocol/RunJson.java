package dev.cairn.protocol;

import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunData;
import dev.cairn.core.model.RunInputs;

/** Run: info, data and inputs. MLflow sends {@code "inputs": {}} even when a run has none. */
public record RunJson(RunInfoJson info, RunDataJson data, RunInputsJson inputs) {
    public static RunJson from(Run run) {
        return new RunJson(RunInfoJson.from(run.info()), RunDataJson.from(run.data()), RunInputsJson.from(run.inputs()));
    }

    public Run toModel() {
        return new Run(info.toModel(), data == null ? RunData.EMPTY : data.toModel(),
                inputs == null ? RunInputs.EMPTY : inputs.toModel());
    }
}
