package dev.cairn.core.search;

import dev.cairn.core.model.Dataset;
import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunData;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunInputs;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import java.util.ArrayList;
import java.util.List;

/** A small builder of runs for matcher and ordering tests. */
final class RunFixtures {
    private String runId;
    private String experimentId = "1";
    private String runName;
    private String userId = "alice";
    private RunStatus status = RunStatus.FINISHED;
    private long startTime = 1000;
    private Long endTime = 2000L;
    private String artifactUri = "file:///tmp/a";
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Param> params = new ArrayList<>();
    private final List<Tag> tags = new ArrayList<>();
    private final List<DatasetInput> inputs = new ArrayList<>();

    private RunFixtures(String runId) {
        this.runId = runId;
        this.runName = "run-" + runId;
    }

    static RunFixtures run(String runId) {
        return new RunFixtures(runId);
    }

    RunFixtures experiment(String id) {
        this.experimentId = id;
        return this;
    }

    RunFixtures name(String name) {
        this.runName = name;
        return this;
    }

    RunFixtures user(String user) {
        this.userId = user;
        return this;
    }

    RunFixtures status(RunStatus status) {
        this.status = status;
        return this;
    }

    RunFixtures start(long start) {
        this.startTime = start;
        return this;
    }

    RunFixtures end(Long end) {
        this.endTime = end;
        return this;
    }

    RunFixtures artifactUri(String uri) {
        this.artifactUri = uri;
        return this;
    }

    RunFixtures metric(String key, double value) {
        metrics.add(new Metric(key, value, 0, 0));
        return this;
    }

    RunFixtures metric(String key, double value, long timestamp, long step) {
        metrics.add(new Metric(key, value, timestamp, step));
        return this;
    }

    RunFixtures param(String key, String value) {
        params.add(new Param(key, value));
        return this;
    }

    RunFixtures tag(String key, String value) {
        tags.add(new Tag(key, value));
        return this;
    }

    RunFixtures dataset(String name, String digest, String context) {
        List<Tag> inputTags = context == null ? List.of() : List.of(new Tag(DatasetInput.CONTEXT_TAG, context));
        inputs.add(new DatasetInput(inputTags, new Dataset(name, digest, "local", "/data/" + name, null, null)));
        return this;
    }

    Run build() {
        RunInfo info = new RunInfo(
                RunId.of(runId), ExperimentId.of(experimentId), runName, userId, status, startTime, endTime,
                artifactUri, LifecycleStage.ACTIVE);
        return new Run(info, new RunData(metrics, params, tags), new RunInputs(inputs));
    }
}
