package dev.cairn.core.model;

import static java.util.Objects.requireNonNull;

/** An experiment id. MLflow ids are decimal strings ("0" is the default experiment). */
public record ExperimentId(String value) {
    public static final ExperimentId DEFAULT = new ExperimentId("0");

    public ExperimentId {
        requireNonNull(value, "value is null");
    }

    public static ExperimentId of(String value) {
        return new ExperimentId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
