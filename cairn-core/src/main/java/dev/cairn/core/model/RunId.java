package dev.cairn.core.model;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** A run id: 32 lowercase hex characters, as MLflow generates them. */
public record RunId(String value) {
    public RunId {
        requireNonNull(value, "value is null");
    }

    public static RunId of(String value) {
        return new RunId(value);
    }

    public static RunId random() {
        return new RunId(UUID.randomUUID().toString().replace("-", ""));
    }

    @Override
    public String toString() {
        return value;
    }
}
