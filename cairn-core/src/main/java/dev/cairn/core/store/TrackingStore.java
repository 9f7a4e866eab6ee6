package dev.cairn.core.store;

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
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where experiments and runs live: one implementation per backend (SQL, directory, REST).
 *
 * <p>Contract shared by every implementation (checked by cairn-testkit's contract suite):
 * <ul>
 *   <li>Missing ids throw {@code CairnException(RESOURCE_DOES_NOT_EXIST)}; shape errors (bad
 *       keys, over-long values) are rejected by {@link ValidatingTrackingStore} before a store is
 *       called, so implementations only check what needs their data (existence, state, duplicates).
 *   <li>Writes to a run require the run to be active ({@code INVALID_PARAMETER_VALUE} otherwise).
 *   <li>{@link #logBatch} is atomic: on any error nothing of the batch is visible. Logging a param
 *       again with the same value is a no-op; with a different value it is refused.
 *   <li>Setting an existing tag overwrites it; deleting a missing run tag is RESOURCE_DOES_NOT_EXIST
 *       as in MLflow.
 *   <li>Delete and restore are soft (lifecycle stage); they are idempotent only in the sense MLflow is:
 *       deleting a deleted experiment is refused with INVALID_PARAMETER_VALUE. Only {@link #purgeRun} and
 *       {@link #purgeExperiment} remove for good, and only what is already deleted.
 *   <li>Implementations are thread-safe.
 * </ul>
 */
public interface TrackingStore extends AutoCloseable {

    /** Creates an active experiment. A null artifact location means "under the store's default root". */
    ExperimentId createExperiment(String name, String artifactLocation, List<Tag> tags);

    Experiment getExperiment(ExperimentId id);

    /** Looks up by exact name, whatever the lifecycle stage. */
    Optional<Experiment> getExperimentByName(String name);

    Page<Experiment> searchExperiments(ExperimentSearch search);

    void renameExperiment(ExperimentId id, String newName);

    /** Soft-deletes the experiment and all of its runs. */
    void deleteExperiment(ExperimentId id);

    /** Restores the experiment and the runs deleted with it. */
    void restoreExperiment(ExperimentId id);

    void setExperimentTag(ExperimentId id, Tag tag);

    void deleteExperimentTag(ExperimentId id, String key);

    /** Creates a RUNNING run in an active experiment; its artifact URI is under the experiment's location. */
    Run createRun(CreateRunRequest request);

    Run getRun(RunId id);

    /** Updates status, end time and name; nulls leave a field unchanged. */
    RunInfo updateRun(RunId id, RunStatus status, Long endTime, String runName);

    void deleteRun(RunId id);

    void restoreRun(RunId id);

    /** Atomically logs metrics (history + latest), params and tags. */
    void logBatch(RunId id, List<Metric> metrics, List<Param> params, List<Tag> tags);

    void deleteTag(RunId id, String key);

    /** Records dataset inputs; a dataset already known in the experiment (same name and digest) is reused. */
    void logInputs(RunId id, List<DatasetInput> inputs);

    Page<Run> searchRuns(RunSearch search);

    /** All points of one metric of one run, ordered by step, timestamp, value. */
    Page<Metric> getMetricHistory(RunId id, String metricKey, int maxResults, PageToken pageToken);

    /**
     * Hands every point of one metric of one run to {@code sink}, in {@link #getMetricHistory}'s order
     * (step, timestamp, value), and returns how many there were; an unknown metric yields none, an unknown
     * run is RESOURCE_DOES_NOT_EXIST.
     */
    default long streamMetricHistory(RunId id, String metricKey, MetricPointSink sink) {
        return streamMetricHistory(id, metricKey, Long.MIN_VALUE, sink);
    }

    /**
     * As {@link #streamMetricHistory(RunId, String, MetricPointSink)}, only the points at {@code fromStep}
     * and later steps: how a reader holding a history brings it up to date. The default pages through
     * {@link #getMetricHistory}; backends stream the points straight from their storage so a whole long
     * history is read in one pass without records.
     */
    default long streamMetricHistory(RunId id, String metricKey, long fromStep, MetricPointSink sink) {
        long count = 0;
        PageToken token = PageToken.FIRST;
        while (token != null) {
            // One big page: a backend that pages by offset re-reads everything before each page.
            Page<Metric> page = getMetricHistory(id, metricKey, STREAM_PAGE_SIZE, token);
            for (Metric m : page.items()) {
                if (m.step() >= fromStep) {
                    sink.accept(m.step(), m.timestamp(), m.value());
                    count++;
                }
            }
            token = page.nextPageToken() == null || page.items().isEmpty() ? null : PageToken.parse(page.nextPageToken());
        }
        return count;
    }

    /**
     * The store's outline of one metric of one run, where it keeps one (the SQL stores), up to date with
     * what this store wrote, in at most {@code maxBuckets} buckets (neighbouring ones merged where it keeps more): a chart
     * asks for about one per pixel column, a summary for one. Empty when the store keeps no outline or the
     * metric has no points. An unknown run is RESOURCE_DOES_NOT_EXIST.
     */
    default Optional<MetricOutline> metricOutline(RunId id, String metricKey, int maxBuckets) {
        getRun(id);
        return Optional.empty();
    }

    /** Page size of the default {@link #streamMetricHistory}. */
    int STREAM_PAGE_SIZE = 1_000_000;

    /**
     * Points of one metric across runs with steps in [startStep, endStep] (nulls mean open), sampled to at
     * most {@code maxResults} distinct steps per run; the first and last steps of each run are always kept.
     * The default reads whole histories and samples them; backends may push this into their query.
     */
    default List<RunMetric> getMetricHistoryBulkInterval(
            List<RunId> runIds, String metricKey, Long startStep, Long endStep, int maxResults) {
        return MetricSampling.bulkInterval(this, runIds, metricKey, startStep, endStep, maxResults);
    }

    // Permanent deletion, for `cairn gc`. Only metadata: artifacts live elsewhere (an artifact repository the
    // store does not know), so the caller removes them first, and a crash in between leaves metadata that a
    // second gc finds again rather than artifacts nobody can find any more.

    /**
     * Runs in the deleted stage that were deleted at or before {@code deletedBefore}, oldest deletion first
     * (ties by run id). A run without a recorded deletion time (deleted by an old MLflow) has an unknown age
     * and is always listed, as MLflow's own gc does for its directory store. Runs of deleted experiments are
     * listed when they are themselves deleted. Reads only; empty when there are none.
     */
    List<DeletedRun> deletedRuns(Instant deletedBefore);

    /**
     * Experiments in the deleted stage whose last update (the deletion, as experiments cannot change while
     * deleted) is at or before {@code deletedBefore}, oldest first (ties by id). Reads only.
     */
    List<Experiment> deletedExperiments(Instant deletedBefore);

    /**
     * Permanently removes a run's metadata: params, tags, metric history, latest metrics, dataset inputs and
     * their tags, and the run itself, all or nothing. Datasets stay: they belong to the experiment and other
     * runs may use them. Artifacts are not touched.
     *
     * <p>Only a run that is deleted, or belongs to a deleted experiment, may be purged; any other is refused
     * with INVALID_PARAMETER_VALUE and nothing is removed. An unknown run, including one already purged, is
     * RESOURCE_DOES_NOT_EXIST: purging twice is an error the caller may treat as "already gone".
     */
    void purgeRun(RunId id);

    /**
     * Permanently removes a deleted experiment with everything it holds: every run in any stage (as
     * {@link #purgeRun}), its datasets and tags, and the experiment itself, so its name becomes free. Artifacts
     * are not touched, except that a directory store removes the experiment's folder whole, which holds the
     * artifacts of runs under the default location. An active experiment is refused with
     * INVALID_PARAMETER_VALUE and nothing is removed; an unknown one is RESOURCE_DOES_NOT_EXIST.
     */
    void purgeExperiment(ExperimentId id);

    // Convenience single-entity writes; every backend gets MLflow's semantics through logBatch.

    default void logMetric(RunId id, Metric metric) {
        logBatch(id, List.of(metric), List.of(), List.of());
    }

    default void logParam(RunId id, Param param) {
        logBatch(id, List.of(), List.of(param), List.of());
    }

    default void setTag(RunId id, Tag tag) {
        logBatch(id, List.of(), List.of(), List.of(tag));
    }

    @Override
    void close();
}
