package dev.cairn.migrate;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.Tag;
import dev.cairn.core.store.RunBundle;
import dev.cairn.core.store.TrackingStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Everything recorded for one run, read through the {@code TrackingStore} SPI: the unit a migration copies. */
record RunContent(RunInfo info, List<Param> params, List<Tag> tags, List<DatasetInput> inputs, List<Metric> metricHistory) {
    private static final int HISTORY_PAGE = 50_000;

    RunContent {
        requireNonNull(info, "info is null");
        params = List.copyOf(params);
        tags = List.copyOf(tags);
        inputs = List.copyOf(inputs);
        metricHistory = List.copyOf(metricHistory);
    }

    /** Reads the run with the whole history of every metric it has. */
    static RunContent read(TrackingStore store, RunId id) {
        Run run = store.getRun(id);
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        run.data().metrics().forEach(m -> keys.add(m.key()));
        List<Metric> history = new ArrayList<>();
        for (String key : keys) {
            PageToken token = PageToken.FIRST;
            while (true) {
                Page<Metric> page = store.getMetricHistory(id, key, HISTORY_PAGE, token);
                history.addAll(page.items());
                if (page.nextPageToken() == null || page.items().isEmpty()) {
                    break;
                }
                token = PageToken.parse(page.nextPageToken());
            }
        }
        return new RunContent(run.info(), run.data().params(), run.data().tags(), run.inputs().datasetInputs(), history);
    }

    RunContent withArtifactUri(String artifactUri) {
        RunInfo i = info;
        return new RunContent(new RunInfo(i.runId(), i.experimentId(), i.runName(), i.userId(), i.status(), i.startTime(),
                i.endTime(), artifactUri, i.lifecycleStage()), params, tags, inputs, metricHistory);
    }

    RunBundle toBundle() {
        return new RunBundle(info, params, tags, inputs, metricHistory);
    }
}
