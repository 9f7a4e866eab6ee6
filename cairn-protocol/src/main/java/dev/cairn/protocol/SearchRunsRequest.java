package dev.cairn.protocol;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchParser;
import java.util.List;

/** POST runs/search. run_view_type defaults to ACTIVE_ONLY, max_results to 1000. */
public record SearchRunsRequest(
        List<String> experimentIds,
        String filter,
        ViewType runViewType,
        Integer maxResults,
        List<String> orderBy,
        String pageToken) implements MlflowRequest {
    @Override
    public void validate() {
        toSearch();
    }

    /** Parses filter, order_by and page token; a filter that does not parse is INVALID_PARAMETER_VALUE. */
    public RunSearch toSearch() {
        List<ExperimentId> ids = experimentIds == null ? List.of()
                : experimentIds.stream().map(id -> ExperimentId.of(Required.text(id, "experiment_ids"))).toList();
        return new RunSearch(
                ids,
                SearchParser.parseRunFilter(filter == null ? "" : filter),
                runViewType == null ? ViewType.ACTIVE_ONLY : runViewType,
                maxResults == null ? RunSearch.DEFAULT_MAX_RESULTS : maxResults,
                SearchParser.parseRunOrderBy(orderBy == null ? List.of() : orderBy),
                PageToken.parse(pageToken));
    }
}
