package dev.cairn.protocol;

import dev.cairn.core.model.Metric;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunMetric;

/** MetricWithRunId (get-history-bulk-interval): a metric point and the run it belongs to. */
public record MetricWithRunIdJson(String key, Double value, Long timestamp, Long step, String runId) {
    public static MetricWithRunIdJson from(RunMetric metric) {
        Metric m = metric.metric();
        return new MetricWithRunIdJson(m.key(), m.value(), m.timestamp(), m.step(), metric.runId().value());
    }

    public RunMetric toModel() {
        return new RunMetric(RunId.of(runId),
                new Metric(key, value == null ? 0 : value, timestamp == null ? 0 : timestamp, step == null ? 0 : step));
    }
}
