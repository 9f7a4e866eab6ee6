package dev.cairn.core.search;

import static java.util.Objects.requireNonNull;

/**
 * One {@code <kind>.<key> <op> <value>} clause. Attribute keys are canonical: {@code run_id,
 * run_name, status, start_time, end_time, artifact_uri, user_id} for runs ("created" is
 * normalised to start_time) and {@code name, creation_time, last_update_time} for experiments;
 * dataset keys are {@code name, digest, context}.
 */
public record Comparison(EntityKind kind, String key, Comparator op, Literal value) {
    public Comparison {
        requireNonNull(kind, "kind is null");
        requireNonNull(key, "key is null");
        requireNonNull(op, "op is null");
        requireNonNull(value, "value is null");
    }
}
