package dev.cairn.client;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunMetric;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.search.ExperimentSearch;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.DeletedRun;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.protocol.CreateExperimentRequest;
import dev.cairn.protocol.CreateExperimentResponse;
import dev.cairn.protocol.CreateRunResponse;
import dev.cairn.protocol.DatasetInputJson;
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
import dev.cairn.protocol.MetricJson;
import dev.cairn.protocol.MetricWithRunIdJson;
import dev.cairn.protocol.ParamJson;
import dev.cairn.protocol.RestoreExperimentRequest;
import dev.cairn.protocol.RestoreRunRequest;
import dev.cairn.protocol.RunJson;
import dev.cairn.protocol.SearchExperimentsRequest;
import dev.cairn.protocol.SearchExperimentsResponse;
import dev.cairn.protocol.SearchRunsRequest;
import dev.cairn.protocol.SearchRunsResponse;
import dev.cairn.protocol.SetExperimentTagRequest;
import dev.cairn.protocol.TagJson;
import dev.cairn.protocol.UpdateExperimentRequest;
import dev.cairn.protocol.UpdateRunRequest;
import dev.cairn.protocol.UpdateRunResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link TrackingStore} that is an MLflow tracking server at the other end of HTTP, so the client has one
 * code path whether the tracking URI names a server or a store. Errors come back as the server's
 * {@code CairnException}s (same codes and messages); an unreachable server is TEMPORARILY_UNAVAILABLE
 * naming its URL.
 */
public final class RestTrackingStore implements TrackingStore {
    private final RestTransport rest;

    public RestTrackingStore(String baseUrl, ClientConfig config) {
        this.rest = new RestTransport(requireNonNull(baseUrl, "baseUrl is null"), requireNonNull(config, "config is null"));
    }

    public String baseUrl() {
        return rest.baseUrl();
    }

    @Override
    public ExperimentId createExperiment(String name, String artifactLocation, List<Tag> tags) {
        return ExperimentId.of(rest.post("experiments/create",
                new CreateExperimentRequest(name, artifactLocation, TagJson.fromAll(tags)),
                CreateExperimentResponse.class).experimentId());
    }

    @Override
    public Experiment getExperiment(ExperimentId id) {
        return rest.get("experiments/get", new GetExperimentRequest(id.value()), GetExperimentResponse.class)
                .experiment().toModel();
    }

    @Override
    public Optional<Experiment> getExperimentByName(String name) {
        try {
            return Optional.of(rest.get("experiments/get-by-name", new GetExperimentByNameRequest(name),
                    GetExperimentByNameResponse.class).experiment().toModel());
        } catch (CairnException e) {
            if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentSearch search) {
        SearchExperimentsResponse response = rest.post("experiments/search", new SearchExperimentsRequest(
                (long) search.maxResults(), token(search.pageToken()), SearchText.filter(search.filter()),
                SearchText.orderBy(search.orderBy()), search.viewType()), SearchExperimentsResponse.class);
        List<ExperimentJson> items = response.experiments() == null ? List.of() : response.experiments();
        return new Page<>(items.stream().map(ExperimentJson::toModel).toList(), response.nextPageToken());
    }

    @Override
    public void renameExperiment(ExperimentId id, String newName) {
        rest.post("experiments/update", new UpdateExperimentRequest(id.value(), newName), EmptyResponse.class);
    }

    @Override
    public void deleteExperiment(ExperimentId id) {
        rest.post("experiments/delete", new DeleteExperimentRequest(id.value()), EmptyResponse.class);
    }

    @Override
    public void restoreExperiment(ExperimentId id) {
        rest.post("experiments/restore", new RestoreExperimentRequest(id.value()), EmptyResponse.class);
    }

    @Override
    public void setExperimentTag(ExperimentId id, Tag tag) {
        rest.post("experiments/set-experiment-tag", new SetExperimentTagRequest(id.value(), tag.key(), tag.value()),
                EmptyResponse.class);
    }

    @Override
    public void deleteExperimentTag(ExperimentId id, String key) {
        rest.post("experiments/delete-experiment-tag", new DeleteExperimentTagRequest(id.value(), key), EmptyResponse.class);
    }

    @Override
    public Run createRun(CreateRunRequest request) {
        return rest.post("runs/create", new dev.cairn.protocol.CreateRunRequest(request.experimentId().value(),
                        request.userId(), request.runName(), request.startTime(), TagJson.fromAll(request.tags())),
                CreateRunResponse.class).run().toModel();
    }

    @Override
    public Run getRun(RunId id) {
        return rest.get("runs/get", new GetRunRequest(id.value(), null), GetRunResponse.class).run().toModel();
    }

    @Override
    public RunInfo updateRun(RunId id, RunStatus status, Long endTime, String runName) {
        return rest.post("runs/update", new UpdateRunRequest(id.value(), null, status, endTime, runName),
                UpdateRunResponse.class).runInfo().toModel();
    }

    @Override
    public void deleteRun(RunId id) {
        rest.post("runs/delete", new DeleteRunRequest(id.value()), EmptyResponse.class);
    }

    @Override
    public void restoreRun(RunId id) {
        rest.post("runs/restore", new RestoreRunRequest(id.value()), EmptyResponse.class);
    }

    @Override
    public void logBatch(RunId id, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        rest.post("runs/log-batch", new LogBatchRequest(id.value(),
                metrics.stream().map(MetricJson::from).toList(),
                params.stream().map(ParamJson::from).toList(),
                TagJson.fromAll(tags)), EmptyResponse.class);
    }

    @Override
    public void deleteTag(RunId id, String key) {
        rest.post("runs/delete-tag", new DeleteTagRequest(id.value(), key), EmptyResponse.class);
    }

    @Override
    public void logInputs(RunId id, List<DatasetInput> inputs) {
        rest.post("runs/log-inputs", new LogInputsRequest(id.value(),
                inputs.stream().map(DatasetInputJson::from).toList()), EmptyResponse.class);
    }

    @Override
    public Page<Run> searchRuns(RunSearch search) {
        SearchRunsResponse response = rest.post("runs/search", new SearchRunsRequest(
                search.experimentIds().stream().map(ExperimentId::value).toList(),
                SearchText.filter(search.filter()), search.viewType(), search.maxResults(),
                SearchText.orderBy(search.orderBy()), token(search.pageToken())), SearchRunsResponse.class);
        List<RunJson> runs = response.runs() == null ? List.of() : response.runs();
        return new Page<>(runs.stream().map(RunJson::toModel).toList(), response.nextPageToken());
    }

    @Override
    public Page<Metric> getMetricHistory(RunId id, String metricKey, int maxResults, PageToken pageToken) {
        GetMetricHistoryResponse response = rest.get("metrics/get-history",
                new GetMetricHistoryRequest(id.value(), null, metricKey, token(pageToken), maxResults),
                GetMetricHistoryResponse.class);
        List<MetricJson> metrics = response.metrics() == null ? List.of() : response.metrics();
        return new Page<>(metrics.stream().map(MetricJson::toModel).toList(), response.nextPageToken());
    }

    @Override
    public List<RunMetric> getMetricHistoryBulkInterval(
            List<RunId> runIds, String metricKey, Long startStep, Long endStep, int maxResults) {
        GetMetricHistoryBulkIntervalResponse response = rest.get("metrics/get-history-bulk-interval",
                new GetMetricHistoryBulkIntervalRequest(runIds.stream().map(RunId::value).toList(), metricKey,
                        startStep, endStep, maxResults), GetMetricHistoryBulkIntervalResponse.class);
        List<MetricWithRunIdJson> metrics = response.metrics() == null ? List.of() : response.metrics();
        return metrics.stream().map(MetricWithRunIdJson::toModel).toList();
    }

    private static String token(PageToken token) {
        return token == null || token.offset() == 0 ? null : token.encode();
    }

    // MLflow's REST API has no permanent deletion (its gc, like ours, works on the backend store directly),
    // so these refuse before sending anything rather than pretend.

    @Override
    public List<DeletedRun> deletedRuns(Instant deletedBefore) {
        throw noPurgeOverRest();
    }

    @Override
    public List<Experiment> deletedExperiments(Instant deletedBefore) {
        throw noPurgeOverRest();
    }

    @Override
    public void purgeRun(RunId id) {
        throw noPurgeOverRest();
    }

    @Override
    public void purgeExperiment(ExperimentId id) {
        throw noPurgeOverRest();
    }

    private CairnException noPurgeOverRest() {
        return new CairnException(ErrorCode.NOT_IMPLEMENTED, "The tracking server "
                + dev.cairn.core.uri.TrackingUri.parse(rest.baseUrl()).redacted()
                + " cannot remove runs or experiments for good: MLflow's REST API has no such call. Point the"
                + " tracking URI at the server's backend store (its --backend-store-uri) instead, with the server's"
                + " --artifacts-destination.");
    }

    @Override
    public void close() {
        rest.close();
    }
}
