package dev.cairn.protocol;

import dev.cairn.core.model.Metric;
import dev.cairn.core.model.RunId;

/** POST runs/log-metric. value may be "NaN", "Infinity", "-Infinity"; step defaults to 0. */
public record LogMetricRequest(String runId, String runUuid, String key, Double value, Long timestamp, Long step)
        implements MlflowRequest {
    @Override
    public void validate() {
        id();
        metric();
    }

    public RunId id() {
        return Required.runId(runId, runUuid);
    }

    public Metric metric() {
        return new Metric(Required.text(key, "key"), Required.value(value, "value"),
                Required.value(timestamp, "timestamp"), step == null ? 0 : step);
    }
}
