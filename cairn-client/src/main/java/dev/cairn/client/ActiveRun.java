package dev.cairn.client;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.validation.Validation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run this client started, ended when closed: FINISHED, or FAILED after {@link #fail(Throwable)}.
 * Ending a run twice with {@link #end} is INVALID_STATE; {@link #close()} after {@link #end} does nothing,
 * so an explicit end inside try-with-resources is fine. Methods return {@code this} for chaining.
 */
public final class ActiveRun implements AutoCloseable {
    /** The tag MLflow uses to nest a run under its parent. */
    public static final String PARENT_RUN_ID_TAG = "mlflow.parentRunId";

    private final CairnTracking tracking;
    private final RunInfo startInfo;
    private volatile Throwable failure;
    private volatile RunStatus endedAs;

    ActiveRun(CairnTracking tracking, RunInfo info) {
        this.tracking = tracking;
        this.startInfo = info;
    }

    public RunId id() {
        return startInfo.runId();
    }

    public ExperimentId experimentId() {
        return startInfo.experimentId();
    }

    public String runName() {
        return startInfo.runName();
    }

    public String artifactUri() {
        return startInfo.artifactUri();
    }

    /** The run as the store has it now (metrics queued but not yet written are not in it; see {@link #flush()}). */
    public Run fetch() {
        return tracking.getRun(id());
    }

    public ActiveRun logParam(String key, Object value) {
        requireNonNull(key, "key is null");
        tracking.store().logParam(id(), new Param(key, String.valueOf(value)));
        return this;
    }

    public ActiveRun logParams(Map<String, ?> params) {
        List<Param> list = new ArrayList<>(params.size());
        params.forEach((k, v) -> list.add(new Param(k, String.valueOf(v))));
        return logBatch(List.of(), list, List.of());
    }

    /** Queues a point at step 0 stamped now; returns without waiting for the store. */
    public ActiveRun logMetric(String key, double value) {
        return logMetric(key, value, 0);
    }

    public ActiveRun logMetric(String key, double value, long step) {
        return logMetric(key, value, step, System.currentTimeMillis());
    }

    public ActiveRun logMetric(String key, double value, long step, long timestamp) {
        requireNonNull(key, "key is null");
        checkNotEnded();
        tracking.queueMetric(id(), new Metric(key, value, timestamp, step));
        return this;
    }

    public ActiveRun setTag(String key, String value) {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        tracking.store().setTag(id(), new Tag(key, value));
        return this;
    }

    public ActiveRun setTags(Map<String, String> tags) {
        List<Tag> list = new ArrayList<>(tags.size());
        tags.forEach((k, v) -> list.add(new Tag(k, v)));
        return logBatch(List.of(), List.of(), list);
    }

    /**
     * Writes metrics, params and tags now, split into requests within MLflow's limits (1000 metrics, 100
     * params, 100 tags each). Each request is atomic; the whole input is checked before the first is sent, so
     * a bad key writes nothing.
     */
    public ActiveRun logBatch(List<Metric> metrics, List<Param> params, List<Tag> tags) {
        requireNonNull(metrics, "metrics is null");
        requireNonNull(params, "params is null");
        requireNonNull(tags, "tags is null");
        metrics.forEach(Validation::metric);
        params.forEach(Validation::param);
        tags.forEach(Validation::runTag);
        int m = 0;
        int p = 0;
        int t = 0;
        do {
            List<Metric> ms = metrics.subList(m, Math.min(metrics.size(), m + Validation.MAX_METRICS_PER_BATCH));
            int room = Validation.MAX_ENTITIES_PER_BATCH - ms.size();
            List<Param> ps = params.subList(p, Math.min(params.size(), p + Math.min(room, Validation.MAX_PARAMS_TAGS_PER_BATCH)));
            room -= ps.size();
            List<Tag> ts = tags.subList(t, Math.min(tags.size(), t + Math.min(room, Validation.MAX_PARAMS_TAGS_PER_BATCH)));
            tracking.store().logBatch(id(), ms, ps, ts);
            m += ms.size();
            p += ps.size();
            t += ts.size();
        } while (m < metrics.size() || p < params.size() || t < tags.size());
        return this;
    }

    /** Stores a local file under the run's artifacts, in {@code artifactDir} (null: the root). */
    public ActiveRun logArtifact(Path localFile, String artifactDir) {
        tracking.logArtifact(id(), localFile, artifactDir);
        return this;
    }

    public ActiveRun logArtifact(Path localFile) {
        return logArtifact(localFile, null);
    }

    /** Stores a local directory's contents recursively under {@code artifactDir}. */
    public ActiveRun logArtifacts(Path localDir, String artifactDir) {
        tracking.logArtifacts(id(), localDir, artifactDir);
        return this;
    }

    public List<FileInfo> listArtifacts(String path) {
        return tracking.listArtifacts(id(), path);
    }

    public Path downloadArtifacts(String path, Path destination) {
        return tracking.downloadArtifacts(id(), path, destination);
    }

    /** Starts a run nested under this one, in the same experiment. */
    public ActiveRun startChildRun(String runName) {
        return tracking.startRun(experimentId(), runName, Map.of(PARENT_RUN_ID_TAG, id().value()));
    }

    /** Waits until this client's queued metric points are written. */
    public ActiveRun flush() {
        tracking.flushMetrics();
        return this;
    }

    /** Marks the run as failed: {@link #close()} then ends it FAILED instead of FINISHED. */
    public ActiveRun fail(Throwable cause) {
        this.failure = cause == null ? new RuntimeException("failed") : cause;
        return this;
    }

    public boolean isEnded() {
        return endedAs != null;
    }

    /**
     * Writes the queued metric points, then ends the run with {@code status}. The run is ended even when
     * writing the points failed; that failure is thrown afterwards, so it is never hidden.
     */
    public synchronized void end(RunStatus status) {
        requireNonNull(status, "status is null");
        if (!status.isTerminal()) {
            throw CairnException.invalidParameter("A run ends as FINISHED, FAILED or KILLED, not %s", status);
        }
        if (endedAs != null) {
            throw new CairnException(ErrorCode.INVALID_STATE, "Run " + id() + " already ended as " + endedAs + ".");
        }
        RuntimeException flushFailure = null;
        try {
            tracking.flushMetrics();
        } catch (RuntimeException e) {
            flushFailure = e;
        }
        try {
            // a run whose points were not all written did not finish cleanly
            RunStatus actual = flushFailure != null && status == RunStatus.FINISHED ? RunStatus.FAILED : status;
            tracking.store().updateRun(id(), actual, System.currentTimeMillis(), null);
            endedAs = actual;
            tracking.forget(this);
        } catch (RuntimeException e) {
            if (flushFailure != null) {
                flushFailure.addSuppressed(e);
            } else {
                throw e;
            }
        }
        if (flushFailure != null) {
            throw flushFailure;
        }
    }

    /** Ends the run FINISHED, or FAILED if {@link #fail} was called; does nothing if it already ended. */
    @Override
    public synchronized void close() {
        if (endedAs == null) {
            end(failure != null ? RunStatus.FAILED : RunStatus.FINISHED);
        }
    }

    private void checkNotEnded() {
        if (endedAs != null) {
            throw new CairnException(ErrorCode.INVALID_STATE, "Run " + id() + " already ended as " + endedAs
                    + "; nothing more can be logged to it.");
        }
    }
}
