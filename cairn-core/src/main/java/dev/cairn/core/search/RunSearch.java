package dev.cairn.core.search;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.ViewType;
import java.util.List;

/**
 * A parsed search-runs request. Results are ordered by {@code orderBy}, then (as MLflow does)
 * by start_time DESC and run_id, so paging is stable.
 */
public record RunSearch(
        List<ExperimentId> experimentIds,
        SearchFilter filter,
        ViewType viewType,
        int maxResults,
        List<OrderBy> orderBy,
        PageToken pageToken) {
    /** MLflow's default and upper bound for max_results of search-runs. */
    public static final int DEFAULT_MAX_RESULTS = 1000;
    public static final int MAX_RESULTS_LIMIT = 50000;

    public RunSearch {
        experimentIds = List.copyOf(experimentIds);
        requireNonNull(filter, "filter is null");
        requireNonNull(viewType, "viewType is null");
        orderBy = List.copyOf(orderBy);
        requireNonNull(pageToken, "pageToken is null");
    }
}
