package dev.cairn.client.behaviour;

import dev.cairn.core.model.ViewType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link TrackingBehaviourSuite} needs from a way of using Cairn: the client in REST mode, the client
 * directly on a store, or the command line. Ids are plain strings so every driver speaks the same language;
 * failures are {@code CairnException}s carrying MLflow's error code.
 */
public interface TrackingDriver extends AutoCloseable {
    record ExperimentView(String id, String name, String lifecycleStage) {}

    record RunView(String id, String experimentId, String runName, String status, String lifecycleStage,
            Map<String, String> params, Map<String, Double> metrics, Map<String, String> tags) {}

    /** What one run logs: params, metric values by step, tags; {@code fail} makes the body throw. */
    record RunScript(String runName, Map<String, String> params, Map<String, List<Double>> metrics,
            Map<String, String> tags, String parentRunId, boolean fail) {
        public static RunScript named(String name) {
            return new RunScript(name, Map.of(), Map.of(), Map.of(), null, false);
        }

        public RunScript params(Map<String, String> p) {
            return new RunScript(runName, p, metrics, tags, parentRunId, fail);
        }

        public RunScript metrics(Map<String, List<Double>> m) {
            return new RunScript(runName, params, m, tags, parentRunId, fail);
        }

        public RunScript tags(Map<String, String> t) {
            return new RunScript(runName, params, metrics, t, parentRunId, fail);
        }

        public RunScript parent(String id) {
            return new RunScript(runName, params, metrics, tags, id, fail);
        }

        public RunScript failing() {
            return new RunScript(runName, params, metrics, tags, parentRunId, true);
        }
    }

    String createExperiment(String name);

    List<ExperimentView> listExperiments(ViewType view);

    default Optional<ExperimentView> experiment(String name) {
        return listExperiments(ViewType.ALL).stream().filter(e -> e.name().equals(name)).findFirst();
    }

    void renameExperiment(String id, String newName);

    void deleteExperiment(String id);

    void restoreExperiment(String id);

    /** Runs the script in a new run of the experiment (created if missing) and returns the run id. */
    String logRun(String experimentName, RunScript script);

    RunView describeRun(String runId);

    /** Run ids matching the filter, in the order asked for (orderBy may be null). */
    List<String> searchRuns(String experimentId, String filter, String orderBy, ViewType view);

    List<Double> metricHistory(String runId, String key);

    void deleteRun(String runId);

    void restoreRun(String runId);

    void logArtifact(String runId, Path file, String artifactDir);

    List<String> listArtifacts(String runId, String path);

    void downloadArtifacts(String runId, String path, Path destination);

    /** A driver of the same kind pointed at a location that cannot be reached. */
    TrackingDriver unreachable();

    /** Text the error of {@link #unreachable()} must contain so the user knows which location failed. */
    String unreachableLocation();

    @Override
    void close();
}
