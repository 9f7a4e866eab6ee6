package dev.cairn.protocol;

import dev.cairn.core.model.RunId;
import java.util.List;

/** GET metrics/get-history-bulk-interval: one metric over several runs, sampled to max_results steps per run. */
public record GetMetricHistoryBulkIntervalRequest(
        List<String> runIds, String metricKey, Long startStep, Long endStep, Integer maxResults) implements MlflowRequest {
    public static final int DEFAULT_MAX_RESULTS = 1000;

    @Override
    public void validate() {
        ids();
        Required.text(metricKey, "metric_key");
    }

    public List<RunId> ids() {
        return Required.nonEmpty(runIds, "run_ids").stream().map(id -> RunId.of(Required.text(id, "run_ids"))).toList();
    }

    public int maxResultsOrDefault() {
        return maxResults == null ? DEFAULT_MAX_RESULTS : maxResults;
    }
}
