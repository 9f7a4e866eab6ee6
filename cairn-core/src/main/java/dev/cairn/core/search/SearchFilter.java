package dev.cairn.core.search;

import java.util.List;

/** A parsed filter: a conjunction (MLflow supports AND only) of comparisons. */
public record SearchFilter(List<Comparison> comparisons) {
    public static final SearchFilter ALL = new SearchFilter(List.of());

    public SearchFilter {
        comparisons = List.copyOf(comparisons);
    }

    public boolean isEmpty() {
        return comparisons.isEmpty();
    }
}
