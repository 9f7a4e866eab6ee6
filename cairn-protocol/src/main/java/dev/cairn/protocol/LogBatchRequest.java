package dev.cairn.protocol;

import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.Tag;
import java.util.List;

/** POST runs/log-batch. */
public record LogBatchRequest(String runId, List<MetricJson> metrics, List<ParamJson> params, List<TagJson> tags)
        implements MlflowRequest {
    @Override
    public void validate() {
        id();
        modelMetrics();
        modelParams();
        modelTags();
    }

    public RunId id() {
        return RunId.of(Required.text(runId, "run_id"));
    }

    public List<Metric> modelMetrics() {
        return MetricJson.toModels(metrics, "metrics");
    }

    public List<Param> modelParams() {
        return ParamJson.toModels(params, "params");
    }

    public List<Tag> modelTags() {
        return TagJson.toModels(tags, "tags");
    }
}
