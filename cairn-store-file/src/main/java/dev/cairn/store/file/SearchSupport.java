package dev.cairn.store.file;

import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.Run;
import dev.cairn.core.search.ExperimentMatcher;
import dev.cairn.core.search.ExperimentOrdering;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.search.RunMatcher;
import dev.cairn.core.search.RunOrdering;
import dev.cairn.core.search.SearchFilter;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Filtering and ordering of indexed runs and experiments, with cairn-core's shared search semantics
 * (the same the SQL store emits in SQL), so a directory store and a database answer a search alike.
 */
final class SearchSupport {
    private SearchSupport() {}

    static Predicate<Run> runFilter(SearchFilter filter) {
        return filter.isEmpty() ? r -> true : RunMatcher.of(filter);
    }

    static Predicate<Experiment> experimentFilter(SearchFilter filter) {
        return filter.isEmpty() ? e -> true : ExperimentMatcher.of(filter);
    }

    static Comparator<Run> runOrdering(List<OrderBy> orderBy) {
        return RunOrdering.of(orderBy);
    }

    static Comparator<Experiment> experimentOrdering(List<OrderBy> orderBy) {
        return ExperimentOrdering.of(orderBy);
    }
}
