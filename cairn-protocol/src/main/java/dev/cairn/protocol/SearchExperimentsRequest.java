package dev.cairn.protocol;

import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.ExperimentSearch;
import dev.cairn.core.search.SearchParser;
import java.util.List;

/** POST or GET experiments/search. view_type defaults to ACTIVE_ONLY, max_results to 1000. */
public record SearchExperimentsRequest(
        Long maxResults, String pageToken, String filter, List<String> orderBy, ViewType viewType) implements MlflowRequest {
    @Override
    public void validate() {
        toSearch();
    }

    /** Parses filter, order_by and page token; a filter that does not parse is INVALID_PARAMETER_VALUE. */
    public ExperimentSearch toSearch() {
        long max = maxResults == null ? ExperimentSearch.DEFAULT_MAX_RESULTS : maxResults;
        int bounded = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, max));
        return new ExperimentSearch(
                SearchParser.parseExperimentFilter(filter == null ? "" : filter),
                viewType == null ? ViewType.ACTIVE_ONLY : viewType,
                bounded,
                SearchParser.parseExperimentOrderBy(orderBy == null ? List.of() : orderBy),
                PageToken.parse(pageToken));
    }
}
