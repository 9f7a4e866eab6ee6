package dev.cairn.protocol;

import dev.cairn.core.model.RunData;
import java.util.List;

/** RunData: latest metrics, params and tags. */
public record RunDataJson(List<MetricJson> metrics, List<ParamJson> params, List<TagJson> tags) {
    public static RunDataJson from(RunData data) {
        return new RunDataJson(data.metrics().stream().map(MetricJson::from).toList(),
                data.params().stream().map(ParamJson::from).toList(), TagJson.fromAll(data.tags()));
    }

    public RunData toModel() {
        return new RunData(
                metrics == null ? List.of() : metrics.stream().map(MetricJson::toModel).toList(),
                params == null ? List.of() : params.stream().map(ParamJson::toModel).toList(),
                tags == null ? List.of() : tags.stream().map(TagJson::toModel).toList());
    }
}
