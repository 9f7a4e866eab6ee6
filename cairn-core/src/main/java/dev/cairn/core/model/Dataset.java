package dev.cairn.core.model;

import static java.util.Objects.requireNonNull;

/** A dataset reference, identified within an experiment by (name, digest). Schema/profile optional. */
public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {
    public Dataset {
        requireNonNull(name, "name is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(sourceType, "sourceType is null");
        requireNonNull(source, "source is null");
    }
}
