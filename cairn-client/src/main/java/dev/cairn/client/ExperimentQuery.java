package dev.cairn.client;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.ExperimentSearch;
import java.util.List;

/** An experiment search in MLflow's grammar, e.g. {@code ExperimentQuery.all().filter("name LIKE 'mnist%'")}. */
public record ExperimentQuery(String filter, List<String> orderBy, int maxResults, ViewType viewType, String pageToken) {
    public ExperimentQuery {
        orderBy = List.copyOf(orderBy);
        requireNonNull(viewType, "viewType is null");
    }

    public static ExperimentQuery all() {
        return new ExperimentQuery(null, List.of(), ExperimentSearch.DEFAULT_MAX_RESULTS, ViewType.ACTIVE_ONLY, null);
    }

    public ExperimentQuery filter(String newFilter) {
        return new ExperimentQuery(newFilter, orderBy, maxResults, viewType, pageToken);
    }

    public ExperimentQuery orderBy(List<String> terms) {
        return new ExperimentQuery(filter, terms, maxResults, viewType, pageToken);
    }

    public ExperimentQuery maxResults(int max) {
        return new ExperimentQuery(filter, orderBy, max, viewType, pageToken);
    }

    public ExperimentQuery viewType(ViewType type) {
        return new ExperimentQuery(filter, orderBy, maxResults, type, pageToken);
    }

    public ExperimentQuery pageToken(String token) {
        return new ExperimentQuery(filter, orderBy, maxResults, viewType, token);
    }
}
