package dev.cairn.core.search;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.ViewType;
import java.util.List;

/**
 * A parsed search-experiments request. Without order_by, results come by creation_time DESC
 * then experiment_id ASC, as MLflow orders them.
 */
public record ExperimentSearch(
        SearchFilter filter, ViewType viewType, int maxResults, List<OrderBy> orderBy, PageToken pageToken) {
    public static final int DEFAULT_MAX_RESULTS = 1000;
    public static final int MAX_RESULTS_LIMIT = 50000;

    public ExperimentSearch {
        requireNonNull(filter, "filter is null");
        requireNonNull(viewType, "viewType is null");
        orderBy = List.copyOf(orderBy);
        requireNonNull(pageToken, "pageToken is null");
    }
}
