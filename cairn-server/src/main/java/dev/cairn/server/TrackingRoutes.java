package dev.cairn.server;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Run;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.protocol.CreateExperimentRequest;
import dev.cairn.protocol.CreateExperimentResponse;
import dev.cairn.protocol.CreateRunRequest;
import dev.cairn.protocol.CreateRunResponse;
import dev.cairn.protocol.DeleteExperimentRequest;
import dev.cairn.protocol.DeleteExperimentTagRequest;
import dev.cairn.protocol.DeleteRunRequest;
import dev.cairn.protocol.DeleteTagRequest;
import dev.cairn.protocol.EmptyResponse;
import dev.cairn.protocol.ExperimentJson;
import dev.cairn.protocol.GetExperimentByNameRequest;
import dev.cairn.protocol.GetExperimentByNameResponse;
import dev.cairn.protocol.GetExperimentRequest;
import dev.cairn.protocol.GetExperimentResponse;
import dev.cairn.protocol.GetMetricHistoryBulkIntervalRequest;
import dev.cairn.protocol.GetMetricHistoryBulkIntervalResponse;
import dev.cairn.protocol.GetMetricHistoryRequest;
import dev.cairn.protocol.GetMetricHistoryResponse;
import dev.cairn.protocol.GetRunRequest;
import dev.cairn.protocol.GetRunResponse;
import dev.cairn.protocol.LogBatchRequest;
import dev.cairn.protocol.LogInputsRequest;
import dev.cairn.protocol.LogMetricRequest;
import dev.cairn.protocol.LogParamRequest;
import dev.cairn.protocol.MetricJson;
import dev.cairn.protocol.MetricWithRunIdJson;
import dev.cairn.protocol.RestoreExperimentRequest;
import dev.cairn.protocol.RestoreRunRequest;
import dev.cairn.protocol.RunInfoJson;
import dev.cairn.protocol.RunJson;
import dev.cairn.protocol.SearchExperimentsRequest;
import dev.cairn.protocol.SearchExperimentsResponse;
import dev.cairn.protocol.SearchRunsRequest;
import dev.cairn.protocol.SearchRunsResponse;
import dev.cairn.protocol.SetExperimentTagRequest;
import dev.cairn.protocol.SetTagRequest;
import dev.cairn.protocol.UpdateExperimentRequest;
import dev.cairn.protocol.UpdateRunRequest;
import dev.cairn.protocol.UpdateRunResponse;
import dev.cairn.server.artifacts.ArtifactLocationPolicy;
import dev.cairn.server.artifacts.ArtifactRoutes;
import dev.cairn.server.ui.UiRoutes;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;

/**
 * The route table: every endpoint of the server, with its HTTP method as MLflow's service.proto declares
 * it, is registered here. Tracking handlers are one line each: decode and check (done by
 * {@link MlflowEndpoints}), call the store, map the answer to its wire message.
 */
public final class TrackingRoutes {
    /** Page size used when get-history is asked for the whole history (no max_results), as MLflow clients do. */
    private static final int HISTORY_PAGE = 25_000;
    private static final EmptyResponse EMPTY = EmptyResponse.INSTANCE;

    private TrackingRoutes() {}

    /** Registers every route of the server: tracking API, health, version, artifacts and UI. */
    public static void register(Javalin app, ServerContext context) {
        app.get("/health", ctx -> ctx.contentType("text/plain").result("OK"));
        app.get("/version", ctx -> ctx.contentType("text/plain").result(ServerVersion.VERSION));

        MlflowEndpoints api = new MlflowEndpoints(app, context.store());

        api.post("experiments/create", CreateExperimentRequest.class, (r, store) -> new CreateExperimentResponse(
                store.createExperiment(r.name(),
                        ArtifactLocationPolicy.requireAllowedLocation(context.options(), r.artifactLocationOrNull()),
                        r.modelTags()).value()));
        api.get("experiments/get", GetExperimentRequest.class,
                (r, store) -> new GetExperimentResponse(ExperimentJson.from(store.getExperiment(r.id()))));
        api.get("experiments/get-by-name", GetExperimentByNameRequest.class, (r, store) -> new GetExperimentByNameResponse(
                ExperimentJson.from(store.getExperimentByName(r.experimentName()).orElseThrow(() -> CairnException.notFound(
                        "Could not find experiment with name '%s'", r.experimentName())))));
        api.post("experiments/search", SearchExperimentsRequest.class, TrackingRoutes::searchExperiments);
        api.get("experiments/search", SearchExperimentsRequest.class, TrackingRoutes::searchExperiments);
        api.post("experiments/update", UpdateExperimentRequest.class, (r, store) -> {
            if (r.newName() != null && !r.newName().isEmpty()) {
                store.renameExperiment(r.id(), r.newName());
            } else {
                store.getExperiment(r.id()); // nothing to change, but an unknown id is still an error
            }
            return EMPTY;
        });
        api.post("experiments/delete", DeleteExperimentRequest.class, (r, store) -> {
            store.deleteExperiment(r.id());
            return EMPTY;
        });
        api.post("experiments/restore", RestoreExperimentRequest.class, (r, store) -> {
            store.restoreExperiment(r.id());
            return EMPTY;
        });
        api.post("experiments/set-experiment-tag", SetExperimentTagRequest.class, (r, store) -> {
            store.setExperimentTag(r.id(), r.tag());
            return EMPTY;
        });
        api.post("experiments/delete-experiment-tag", DeleteExperimentTagRequest.class, (r, store) -> {
            store.deleteExperimentTag(r.id(), r.key());
            return EMPTY;
        });

        api.post("runs/create", CreateRunRequest.class, (r, store) -> new CreateRunResponse(
                RunJson.from(store.createRun(r.toStoreRequest(System.currentTimeMillis())))));
        api.get("runs/get", GetRunRequest.class, (r, store) -> new GetRunResponse(RunJson.from(store.getRun(r.id()))));
        api.post("runs/update", UpdateRunRequest.class, (r, store) -> new UpdateRunResponse(
                RunInfoJson.from(store.updateRun(r.id(), r.status(), r.endTime(), r.runNameOrNull()))));
        api.post("runs/delete", DeleteRunRequest.class, (r, store) -> {
            store.deleteRun(r.id());
            return EMPTY;
        });
        api.post("runs/restore", RestoreRunRequest.class, (r, store) -> {
            store.restoreRun(r.id());
            return EMPTY;
        });
        api.post("runs/log-metric", LogMetricRequest.class, (r, store) -> {
            store.logMetric(r.id(), r.metric());
            return EMPTY;
        });
        api.post("runs/log-parameter", LogParamRequest.class, (r, store) -> {
            store.logParam(r.id(), r.param());
            return EMPTY;
        });
        api.post("runs/set-tag", SetTagRequest.class, (r, store) -> {
            store.setTag(r.id(), r.tag());
            return EMPTY;
        });
        api.post("runs/delete-tag", DeleteTagRequest.class, (r, store) -> {
            store.deleteTag(r.id(), r.key());
            return EMPTY;
        });
        api.post("runs/log-batch", LogBatchRequest.class, (r, store) -> {
            store.logBatch(r.id(), r.modelMetrics(), r.modelParams(), r.modelTags());
            return EMPTY;
        });
        api.post("runs/log-inputs", LogInputsRequest.class, (r, store) -> {
            store.logInputs(r.id(), r.modelInputs());
            return EMPTY;
        });
        api.post("runs/search", SearchRunsRequest.class, (r, store) -> {
            Page<Run> page = store.searchRuns(r.toSearch());
            return new SearchRunsResponse(page.items().stream().map(RunJson::from).toList(), page.nextPageToken());
        });

        api.get("metrics/get-history", GetMetricHistoryRequest.class, TrackingRoutes::metricHistory);
        api.get("metrics/get-history-bulk-interval", GetMetricHistoryBulkIntervalRequest.class,
                (r, store) -> new GetMetricHistoryBulkIntervalResponse(store.getMetricHistoryBulkInterval(
                                r.ids(), r.metricKey(), r.startStep(), r.endStep(), r.maxResultsOrDefault())
                        .stream().map(MetricWithRunIdJson::from).toList()));

        ArtifactRoutes.register(app, context);
        UiRoutes.register(app, context);
    }

    private static SearchExperimentsResponse searchExperiments(SearchExperimentsRequest r, TrackingStore store) {
        Page<dev.cairn.core.model.Experiment> page = store.searchExperiments(r.toSearch());
        return new SearchExperimentsResponse(page.items().stream().map(ExperimentJson::from).toList(), page.nextPageToken());
    }

    /** With max_results one page; without, the whole history, as MLflow answers clients that do not page. */
    private static GetMetricHistoryResponse metricHistory(GetMetricHistoryRequest r, TrackingStore store) {
        if (r.maxResults() != null) {
            Page<Metric> page = store.getMetricHistory(r.id(), r.metricKey(), r.maxResults(), r.token());
            return new GetMetricHistoryResponse(page.items().stream().map(MetricJson::from).toList(), page.nextPageToken());
        }
        List<MetricJson> all = new ArrayList<>();
        PageToken token = r.token();
        while (token != null) {
            Page<Metric> page = store.getMetricHistory(r.id(), r.metricKey(), HISTORY_PAGE, token);
            page.items().forEach(m -> all.add(MetricJson.from(m)));
            token = page.nextPageToken() == null ? null : PageToken.parse(page.nextPageToken());
        }
        return new GetMetricHistoryResponse(all, null);
    }
}
