package dev.cairn.client.behaviour;

import dev.cairn.client.ActiveRun;
import dev.cairn.client.CairnTracking;
import dev.cairn.client.ClientConfig;
import dev.cairn.client.ExperimentQuery;
import dev.cairn.client.RunQuery;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.Tag;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.uri.TrackingUriResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Drives the Java client; the tracking URI decides REST or direct-store mode. Opens lazily, so a bad URI fails on use. */
public final class ClientDriver implements TrackingDriver {
    private final String trackingUri;
    private final String unreachableUri;
    private final String unreachableText;
    private final Path workingDir;
    private CairnTracking tracking;

    public ClientDriver(String trackingUri, Path workingDir, String unreachableUri, String unreachableText) {
        this.trackingUri = trackingUri;
        this.workingDir = workingDir;
        this.unreachableUri = unreachableUri;
        this.unreachableText = unreachableText;
    }

    public static ClientConfig testConfig(Path workingDir) {
        return ClientConfig.fromEnvironment(Map.of(), workingDir).withRetries(1, Duration.ofMillis(50));
    }

    public CairnTracking tracking() {
        if (tracking == null) {
            tracking = CairnTracking.open(TrackingUriResolver.resolve(trackingUri, Map.of(), workingDir), testConfig(workingDir));
        }
        return tracking;
    }

    @Override
    public String createExperiment(String name) {
        return tracking().createExperiment(name).value();
    }

    @Override
    public List<ExperimentView> listExperiments(ViewType view) {
        return tracking().searchExperiments(ExperimentQuery.all().viewType(view)).items().stream()
                .map(ClientDriver::view).toList();
    }

    private static ExperimentView view(Experiment e) {
        return new ExperimentView(e.experimentId().value(), e.name(), e.lifecycleStage().wireName());
    }

    @Override
    public void renameExperiment(String id, String newName) {
        tracking().renameExperiment(ExperimentId.of(id), newName);
    }

    @Override
    public void deleteExperiment(String id) {
        tracking().deleteExperiment(ExperimentId.of(id));
    }

    @Override
    public void restoreExperiment(String id) {
        tracking().restoreExperiment(ExperimentId.of(id));
    }

    @Override
    public String logRun(String experimentName, RunScript script) {
        String[] id = new String[1];
        CairnTracking.RunStarter starter = tracking().newRun(experimentName).name(script.runName());
        if (script.parentRunId() != null) {
            starter.parent(RunId.of(script.parentRunId()));
        }
        try (ActiveRun run = starter.start()) {
            id[0] = run.id().value();
            try {
                run.logParams(script.params());
                script.tags().forEach(run::setTag);
                script.metrics().forEach((key, values) -> {
                    for (int step = 0; step < values.size(); step++) {
                        run.logMetric(key, values.get(step), step);
                    }
                });
                if (script.fail()) {
                    throw new IllegalStateException("training diverged");
                }
            } catch (RuntimeException e) {
                run.fail(e);
                if (!script.fail()) {
                    throw e;
                }
            }
        }
        return id[0];
    }

    @Override
    public RunView describeRun(String runId) {
        Run run = tracking().getRun(RunId.of(runId));
        return view(run);
    }

    public static RunView view(Run run) {
        Map<String, String> params = new LinkedHashMap<>();
        run.data().params().forEach(p -> params.put(p.key(), p.value()));
        Map<String, Double> metrics = new LinkedHashMap<>();
        run.data().metrics().forEach(m -> metrics.put(m.key(), m.value()));
        Map<String, String> tags = new LinkedHashMap<>();
        run.data().tags().forEach(t -> tags.put(t.key(), t.value()));
        return new RunView(run.info().runId().value(), run.info().experimentId().value(), run.info().runName(),
                run.info().status().name(), run.info().lifecycleStage().wireName(), params, metrics, tags);
    }

    @Override
    public List<String> searchRuns(String experimentId, String filter, String orderBy, ViewType view) {
        RunQuery query = RunQuery.in(ExperimentId.of(experimentId)).filter(filter).viewType(view);
        if (orderBy != null) {
            query = query.orderBy(orderBy);
        }
        return tracking().searchRuns(query).items().stream().map(r -> r.info().runId().value()).toList();
    }

    @Override
    public List<Double> metricHistory(String runId, String key) {
        return tracking().getMetricHistory(RunId.of(runId), key).stream().map(Metric::value).toList();
    }

    @Override
    public void deleteRun(String runId) {
        tracking().deleteRun(RunId.of(runId));
    }

    @Override
    public void restoreRun(String runId) {
        tracking().restoreRun(RunId.of(runId));
    }

    @Override
    public void logArtifact(String runId, Path file, String artifactDir) {
        tracking().logArtifact(RunId.of(runId), file, artifactDir);
    }

    @Override
    public List<String> listArtifacts(String runId, String path) {
        return tracking().listArtifacts(RunId.of(runId), path).stream().map(FileInfo::path).toList();
    }

    @Override
    public void downloadArtifacts(String runId, String path, Path destination) {
        tracking().downloadArtifacts(RunId.of(runId), path, destination);
    }

    @Override
    public TrackingDriver unreachable() {
        return new ClientDriver(unreachableUri, workingDir, unreachableUri, unreachableText);
    }

    @Override
    public String unreachableLocation() {
        return unreachableText;
    }

    @Override
    public void close() {
        if (tracking != null) {
            tracking.close();
        }
    }

}
