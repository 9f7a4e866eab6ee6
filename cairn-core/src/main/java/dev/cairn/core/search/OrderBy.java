package dev.cairn.core.search;

import static java.util.Objects.requireNonNull;

/**
 * One {@code order_by} term, e.g. {@code metrics.loss DESC}. Keys canonical as in {@link Comparison};
 * runs may also be ordered by the attribute {@code experiment_id}, experiments by {@code name,
 * experiment_id, creation_time, last_update_time}. How terms compare, where missing values go
 * and which tie-breakers follow is defined by {@link RunOrdering} and {@link ExperimentOrdering}.
 */
public record OrderBy(EntityKind kind, String key, boolean ascending) {
    public OrderBy {
        requireNonNull(kind, "kind is null");
        requireNonNull(key, "key is null");
    }
}
