package dev.cairn.core.store;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.Tag;
import java.util.List;

/** Everything a run holds, with its full metric history: the unit a migration copies atomically. */
public record RunBundle(RunInfo info, List<Param> params, List<Tag> tags, List<DatasetInput> inputs, List<Metric> metricHistory) {
    public RunBundle {
        requireNonNull(info, "info is null");
        params = List.copyOf(params);
        tags = List.copyOf(tags);
        inputs = List.copyOf(inputs);
        metricHistory = List.copyOf(metricHistory);
    }
}
