package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.search.SearchFilter;
import dev.cairn.core.search.SearchParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the REST store sends parses on the server to the filter the caller wrote. */
class SearchTextTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "metrics.loss < 0.5",
        "params.opt LIKE 'adam%' AND tags.`mlflow.runName` = 'it''s'",
        "attributes.run_id IN ('a', 'b') AND attributes.status != 'FAILED'",
        "start_time >= 1700000000000 AND metrics.`val loss` >= -1.5e-3",
        "datasets.name = 'mnist' AND tags.team ILIKE '%Vision%'",
        ""
    })
    void runFiltersRoundTrip(String filter) {
        SearchFilter parsed = SearchParser.parseRunFilter(filter);
        assertThat(SearchParser.parseRunFilter(SearchText.filter(parsed))).isEqualTo(parsed);
    }

    @Test
    void experimentFilterAndOrderByRoundTrip() {
        SearchFilter parsed = SearchParser.parseExperimentFilter("name LIKE 'exp%' AND tags.owner = 'me'");
        assertThat(SearchParser.parseExperimentFilter(SearchText.filter(parsed))).isEqualTo(parsed);
        var order = SearchParser.parseRunOrderBy(List.of("metrics.loss DESC", "start_time", "params.`lr`"));
        assertThat(SearchParser.parseRunOrderBy(SearchText.orderBy(order))).isEqualTo(order);
    }
}
