package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.client.behaviour.ClientDriver;
import dev.cairn.client.behaviour.TrackingDriver;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.ViewType;
import dev.cairn.protocol.ErrorResponse;
import dev.cairn.protocol.ExperimentJson;
import dev.cairn.protocol.GetMetricHistoryResponse;
import dev.cairn.protocol.GetRunResponse;
import dev.cairn.protocol.MetricJson;
import dev.cairn.protocol.MlflowJson;
import dev.cairn.protocol.RunJson;
import dev.cairn.protocol.SearchExperimentsResponse;
import dev.cairn.protocol.SearchRunsResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Drives the command line with {@code --output json} against a server. The CLI has no commands that log to a
 * run (MLflow's has none either), so {@link #logRun} writes through the client; everything else — experiment
 * and run management, search, describe, metric history, artifacts — goes through the CLI. A failing command
 * becomes the CairnException its JSON error names, after checking the exit status matches the error.
 */
final class CliDriver implements TrackingDriver {
    private final String trackingUri;
    private final String unreachableUri;
    private final CliRunner cli;
    private final ClientDriver writer;

    CliDriver(String trackingUri, Path workingDir, String unreachableUri) {
        this.trackingUri = trackingUri;
        this.unreachableUri = unreachableUri;
        this.cli = new CliRunner(Map.of("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "1", "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "0.05"),
                workingDir);
        this.writer = new ClientDriver(trackingUri, workingDir, unreachableUri, unreachableUri);
    }

    private byte[] call(String... args) {
        List<String> all = CliRunner.args(args);
        all.addAll(List.of("--tracking-uri", trackingUri, "--output", "json"));
        CliRunner.Result r = cli.run(all);
        if (r.exitCode() == 0) {
            assertThat(r.err()).as("stderr of a successful command").isEmpty();
            return r.out().getBytes(StandardCharsets.UTF_8);
        }
        assertThat(r.out()).as("stdout of a failed command").isEmpty();
        assertThat(r.err()).as("no stack trace for a refused request").doesNotContain("\tat ");
        CairnException e = MlflowJson.read(r.err().trim().getBytes(StandardCharsets.UTF_8), ErrorResponse.class).toException();
        int expected = e.code().httpStatus() >= 500 ? ExitCodes.UNAVAILABLE : ExitCodes.USER_ERROR;
        assertThat(r.exitCode()).as("exit status for " + e.code()).isEqualTo(expected);
        throw e;
    }

    @Override
    public String createExperiment(String name) {
        return MlflowJson.read(call("experiments", "create", "-n", name), dev.cairn.protocol.CreateExperimentResponse.class)
                .experimentId();
    }

    @Override
    public List<ExperimentView> listExperiments(ViewType view) {
        SearchExperimentsResponse response = MlflowJson.read(call("experiments", "list", "--view", view(view)),
                SearchExperimentsResponse.class);
        List<ExperimentJson> items = response.experiments() == null ? List.of() : response.experiments();
        return items.stream().map(e -> new ExperimentView(e.experimentId(), e.name(), e.lifecycleStage())).toList();
    }

    private static String view(ViewType view) {
        return switch (view) {
            case ACTIVE_ONLY -> "active";
            case DELETED_ONLY -> "deleted";
            case ALL -> "all";
        };
    }

    @Override
    public void renameExperiment(String id, String newName) {
        call("experiments", "rename", "-x", id, "--new-name", newName);
    }

    @Override
    public void deleteExperiment(String id) {
        call("experiments", "delete", "-x", id);
    }

    @Override
    public void restoreExperiment(String id) {
        call("experiments", "restore", "-x", id);
    }

    @Override
    public String logRun(String experimentName, RunScript script) {
        return writer.logRun(experimentName, script);
    }

    @Override
    public RunView describeRun(String runId) {
        Run run = MlflowJson.read(call("runs", "describe", "--run-id", runId), GetRunResponse.class).run().toModel();
        RunView view = ClientDriver.view(run);
        return view;
    }

    @Override
    public List<String> searchRuns(String experimentId, String filter, String orderBy, ViewType view) {
        List<String> args = CliRunner.args("runs", "list", "-x", experimentId, "--view", view(view));
        if (filter != null) {
            args.addAll(List.of("--filter", filter));
        }
        if (orderBy != null) {
            args.addAll(List.of("--order-by", orderBy));
        }
        SearchRunsResponse response = MlflowJson.read(call(args.toArray(String[]::new)), SearchRunsResponse.class);
        List<RunJson> runs = response.runs() == null ? List.of() : response.runs();
        return runs.stream().map(r -> r.info().runId()).toList();
    }

    @Override
    public List<Double> metricHistory(String runId, String key) {
        GetMetricHistoryResponse response = MlflowJson.read(call("runs", "history", "--run-id", runId, "--metric-key", key),
                GetMetricHistoryResponse.class);
        List<MetricJson> metrics = response.metrics() == null ? List.of() : response.metrics();
        return metrics.stream().map(m -> m.toModel().value()).toList();
    }

    @Override
    public void deleteRun(String runId) {
        call("runs", "delete", "--run-id", runId);
    }

    @Override
    public void restoreRun(String runId) {
        call("runs", "restore", "--run-id", runId);
    }

    @Override
    public void logArtifact(String runId, Path file, String artifactDir) {
        call("artifacts", "log", file.toString(), "--run-id", runId, "--artifact-path", artifactDir);
    }

    @Override
    public List<String> listArtifacts(String runId, String path) {
        List<String> args = CliRunner.args("artifacts", "list", "--run-id", runId);
        if (path != null) {
            args.addAll(List.of("--artifact-path", path));
        }
        JsonNode json = MlflowJson.read(call(args.toArray(String[]::new)), JsonNode.class);
        return json.path("files").findValuesAsText("path");
    }

    @Override
    public void downloadArtifacts(String runId, String path, Path destination) {
        call("artifacts", "download", "--run-id", runId, "--artifact-path", path, "--dst-path", destination.toString());
    }

    @Override
    public TrackingDriver unreachable() {
        return new CliDriver(unreachableUri, Path.of("."), unreachableUri);
    }

    @Override
    public String unreachableLocation() {
        return unreachableUri;
    }

    @Override
    public void close() {
        writer.close();
    }

}
