package dev.cairn.core.model;

import static java.util.Objects.requireNonNull;

/** A key/value tag of a run or an experiment. */
public record Tag(String key, String value) {
    public Tag {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }
}
