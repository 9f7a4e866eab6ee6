package dev.cairn.core.store;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.error.CairnException;
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
import dev.cairn.core.validation.Validation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Applies MLflow's input rules before any backend sees a request, so every store (and the direct
 * client mode) rejects the same inputs with the same messages, and a rejected batch writes nothing.
 */
public final class ValidatingTrackingStore implements TrackingStore {
    private static final int MAX_BULK_RUN_IDS = 100;
    private static final int MAX_BULK_RESULTS = 1000;

    private final TrackingStore delegate;

    public ValidatingTrackingStore(TrackingStore delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    /** The wrapped backend (for tools that need backend-specific operations). */
    public TrackingStore delegate() {
        return delegate;
    }

    @Override
    public ExperimentId createExperiment(String name, String artifactLocation, List<Tag> tags) {
        Validation.experimentName(name);
        tags.forEach(Validation::experimentTag);
        return delegate.createExperiment(name, artifactLocation, tags);
    }

    @Override
    public Experiment getExperiment(ExperimentId id) {
        return delegate.getExperiment(id);
    }

    @Override
    public Optional<Experiment> getExperimentByName(String name) {
        return delegate.getExperimentByName(name);
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentSearch search) {
        maxResults(search.maxResults(), ExperimentSearch.MAX_RESULTS_LIMIT);
        return delegate.searchExperiments(search);
    }

    @Override
    public void renameExperiment(ExperimentId id, String newName) {
        Validation.experimentName(newName);
        delegate.renameExperiment(id, newName);
    }

    @Override
    public void deleteExperiment(ExperimentId id) {
        delegate.deleteExperiment(id);
    }

    @Override
    public void restoreExperiment(ExperimentId id) {
        delegate.restoreExperiment(id);
    }

    @Override
    public void setExperimentTag(ExperimentId id, Tag tag) {
        Validation.experimentTag(tag);
        delegate.setExperimentTag(id, tag);
    }

    @Override
    public void deleteExperimentTag(ExperimentId id, String key) {
        Validation.tagName(key);
        delegate.deleteExperimentTag(id, key);
    }

    @Override
    public Run createRun(CreateRunRequest request) {
        request.tags().forEach(Validation::runTag);
        return delegate.createRun(request);
    }

    @Override
    public Run getRun(RunId id) {
        Validation.runId(id.value());
        return delegate.getRun(id);
    }

    @Override
    public RunInfo updateRun(RunId id, RunStatus status, Long endTime, String runName) {
        Validation.runId(id.value());
        return delegate.updateRun(id, status, endTime, runName);
    }

    @Override
    public void deleteRun(RunId id) {
        Validation.runId(id.value());
        delegate.deleteRun(id);
    }

    @Override
    public void restoreRun(RunId id) {
        Validation.runId(id.value());
        delegate.restoreRun(id);
    }

    @Override
    public void logBatch(RunId id, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        Validation.runId(id.value());
        Validation.batch(metrics, params, tags);
        delegate.logBatch(id, metrics, params, tags);
    }

    @Override
    public void deleteTag(RunId id, String key) {
        Validation.runId(id.value());
        Validation.tagName(key);
        delegate.deleteTag(id, key);
    }

    @Override
    public void logInputs(RunId id, List<DatasetInput> inputs) {
        Validation.runId(id.value());
        Validation.datasetInputs(inputs);
        delegate.logInputs(id, inputs);
    }

    @Override
    public Page<Run> searchRuns(RunSearch search) {
        maxResults(search.maxResults(), RunSearch.MAX_RESULTS_LIMIT);
        return delegate.searchRuns(search);
    }

    @Override
    public Page<Metric> getMetricHistory(RunId id, String metricKey, int maxResults, PageToken pageToken) {
        Validation.runId(id.value());
        Validation.metricName(metricKey);
        if (maxResults < 1) {
            throw CairnException.invalidParameter("max_results must be positive, got %d", maxResults);
        }
        return delegate.getMetricHistory(id, metricKey, maxResults, pageToken);
    }

    @Override
    public long streamMetricHistory(RunId id, String metricKey, long fromStep, MetricPointSink sink) {
        Validation.runId(id.value());
        Validation.metricName(metricKey);
        return delegate.streamMetricHistory(id, metricKey, fromStep, requireNonNull(sink, "sink is null"));
    }

    @Override
    public Optional<MetricOutline> metricOutline(RunId id, String metricKey, int maxBuckets) {
        Validation.runId(id.value());
        Validation.metricName(metricKey);
        if (maxBuckets < 1) {
            throw CairnException.invalidParameter("maxBuckets must be at least 1, got %d", maxBuckets);
        }
        return delegate.metricOutline(id, metricKey, maxBuckets);
    }

    @Override
    public List<RunMetric> getMetricHistoryBulkInterval(
            List<RunId> runIds, String metricKey, Long startStep, Long endStep, int maxResults) {
        if (runIds.isEmpty()) {
            throw CairnException.invalidParameter("GetMetricHistoryBulkInterval request must specify at least one run_id.");
        }
        if (runIds.size() > MAX_BULK_RUN_IDS) {
            throw CairnException.invalidParameter(
                    "GetMetricHistoryBulkInterval request cannot specify more than %d run_ids. Received %d run_ids.",
                    MAX_BULK_RUN_IDS, runIds.size());
        }
        runIds.forEach(r -> Validation.runId(r.value()));
        Validation.metricName(metricKey);
        if (maxResults < 1 || maxResults > MAX_BULK_RESULTS) {
            throw CairnException.invalidParameter("max_results must be between 1 and %d, got %d", MAX_BULK_RESULTS, maxResults);
        }
        if (startStep != null && endStep != null && startStep > endStep) {
            throw CairnException.invalidParameter(
                    "end_step must be greater than start_step. Found start_step=%d and end_step=%d.", startStep, endStep);
        }
        return delegate.getMetricHistoryBulkInterval(runIds, metricKey, startStep, endStep, maxResults);
    }

    @Override
    public List<DeletedRun> deletedRuns(Instant deletedBefore) {
        return delegate.deletedRuns(requireNonNull(deletedBefore, "deletedBefore is null"));
    }

    @Override
    public List<Experiment> deletedExperiments(Instant deletedBefore) {
        return delegate.deletedExperiments(requireNonNull(deletedBefore, "deletedBefore is null"));
    }

    @Override
    public void purgeRun(RunId id) {
        Validation.runId(requireNonNull(id, "id is null").value());
        delegate.purgeRun(id);
    }

    @Override
    public void purgeExperiment(ExperimentId id) {
        delegate.purgeExperiment(requireNonNull(id, "id is null"));
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static void maxResults(int maxResults, int limit) {
        if (maxResults < 1 || maxResults > limit) {
            throw CairnException.invalidParameter(
                    "Invalid value %d for parameter 'max_results' supplied. It must be at most %d", maxResults, limit);
        }
    }
}
