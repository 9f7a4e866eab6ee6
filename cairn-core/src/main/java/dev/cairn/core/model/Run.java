package dev.cairn.core.model;

import static java.util.Objects.requireNonNull;

/** A run: metadata, logged data and inputs. */
public record Run(RunInfo info, RunData data, RunInputs inputs) {
    public Run {
        requireNonNull(info, "info is null");
        requireNonNull(data, "data is null");
        requireNonNull(inputs, "inputs is null");
    }
}
