package dev.cairn.protocol;

import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.RunId;

/** GET metrics/get-history. Without max_results the whole history is returned, as MLflow does. */
public record GetMetricHistoryRequest(String runId, String runUuid, String metricKey, String pageToken, Integer maxResults)
        implements MlflowRequest {
    @Override
    public void validate() {
        id();
        Required.text(metricKey, "metric_key");
        token();
    }

    public RunId id() {
        return Required.runId(runId, runUuid);
    }

    public PageToken token() {
        return PageToken.parse(pageToken);
    }
}
