package dev.cairn.core.search;

import static java.util.Objects.requireNonNull;

/** One {@code order_by} term, e.g. {@code metrics.loss DESC}. Keys canonical as in {@link Comparison}. */
public record OrderBy(EntityKind kind, String key, boolean ascending) {
    public OrderBy {
        requireNonNull(kind, "kind is null");
        requireNonNull(key, "key is null");
    }
}
