package dev.cairn.core.model;

import static java.util.Objects.requireNonNull;

/** A run parameter; once logged its value cannot change. */
public record Param(String key, String value) {
    public Param {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }
}
