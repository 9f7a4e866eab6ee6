package dev.cairn.client;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.RunSearch;
import java.util.Arrays;
import java.util.List;

/**
 * A run search in MLflow's grammar, e.g.
 * {@code RunQuery.in(id).filter("metrics.loss < 0.1 AND params.lr = '0.01'").orderBy("metrics.loss ASC")}.
 * A null filter matches everything; a null page token is the first page.
 */
public record RunQuery(
        List<ExperimentId> experimentIds, String filter, List<String> orderBy, int maxResults, ViewType viewType,
        String pageToken) {
    public RunQuery {
        experimentIds = List.copyOf(experimentIds);
        orderBy = List.copyOf(orderBy);
        requireNonNull(viewType, "viewType is null");
    }

    public static RunQuery in(ExperimentId... ids) {
        return new RunQuery(Arrays.asList(ids), null, List.of(), RunSearch.DEFAULT_MAX_RESULTS, ViewType.ACTIVE_ONLY, null);
    }

    public static RunQuery in(List<ExperimentId> ids) {
        return new RunQuery(ids, null, List.of(), RunSearch.DEFAULT_MAX_RESULTS, ViewType.ACTIVE_ONLY, null);
    }

    public RunQuery filter(String newFilter) {
        return new RunQuery(experimentIds, newFilter, orderBy, maxResults, viewType, pageToken);
    }

    public RunQuery orderBy(String... terms) {
        return new RunQuery(experimentIds, filter, List.of(terms), maxResults, viewType, pageToken);
    }

    public RunQuery orderBy(List<String> terms) {
        return new RunQuery(experimentIds, filter, terms, maxResults, viewType, pageToken);
    }

    public RunQuery maxResults(int max) {
        return new RunQuery(experimentIds, filter, orderBy, max, viewType, pageToken);
    }

    public RunQuery viewType(ViewType type) {
        return new RunQuery(experimentIds, filter, orderBy, maxResults, type, pageToken);
    }

    public RunQuery pageToken(String token) {
        return new RunQuery(experimentIds, filter, orderBy, maxResults, viewType, token);
    }
}
