package dev.cairn.store.sql;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.Metric;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings {@code cairn_metric_buckets} up to date behind the writers of this process, about once a
 * second, and at once for a series about to be read.
 *
 * <p>Why not in the write's transaction: a training loop logs every step, and recomputing the open
 * bucket of each key on every write doubled the cost of a 10-metric log-batch (SQLite 1.05 -> 2.1 ms).
 * Deferred, a bucket is recomputed about once a second however often it is written. Writes are noted
 * after they commit, so a refresh always sees them. What the outline can miss: points whose process
 * stopped before the next refresh (at most a second's worth), and points written by other processes
 * (another replica until its own refresh; MLflow writing to the database directly). A reader checks
 * the outline against the run's latest point and reads the history itself when they disagree.
 */
final class SqlOutlineRefresher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqlOutlineRefresher.class);
    static final long PERIOD_MILLIS = 1_000;

    private final SqlExecutor db;
    private final SqlDialect d;
    /** Buckets to recompute: run, then metric key, then bucket numbers. */
    private final Map<String, Map<String, TreeSet<Long>>> pending = new HashMap<>();
    private final ScheduledExecutorService timer;

    SqlOutlineRefresher(SqlExecutor db, SqlDialect d) {
        this.db = requireNonNull(db, "db is null");
        this.d = requireNonNull(d, "d is null");
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cairn-outline-refresh").factory());
        timer.scheduleWithFixedDelay(this::refreshAll, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Notes points of a run that were just committed. */
    void written(String runUuid, List<Metric> points) {
        if (points.isEmpty()) {
            return;
        }
        Map<String, TreeSet<Long>> buckets = SqlMetricOutline.bucketsOf(points);
        synchronized (this) {
            merge(runUuid, buckets);
        }
    }

    /** Recomputes what is pending for one series now (before it is read). */
    void refresh(String runUuid, String key) {
        TreeSet<Long> buckets;
        synchronized (this) {
            Map<String, TreeSet<Long>> ofRun = pending.get(runUuid);
            buckets = ofRun == null ? null : ofRun.remove(key);
            if (ofRun != null && ofRun.isEmpty()) {
                pending.remove(runUuid);
            }
        }
        if (buckets != null) {
            write(runUuid, new TreeMap<>(Map.of(key, buckets)));
        }
    }

    /** Recomputes everything pending, one transaction per run. */
    void refreshAll() {
        Map<String, Map<String, TreeSet<Long>>> taken;
        synchronized (this) {
            taken = new HashMap<>(pending);
            pending.clear();
        }
        taken.forEach(this::write);
    }

    private void write(String runUuid, Map<String, TreeSet<Long>> buckets) {
        try {
            db.write(c -> {
                SqlMetricOutline.refresh(c, d, runUuid, buckets);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Could not bring the metric outline of run {} up to date; trying again: {}", runUuid, e.getMessage());
            synchronized (this) {
                merge(runUuid, buckets);
            }
        }
    }

    private void merge(String runUuid, Map<String, TreeSet<Long>> buckets) {
        Map<String, TreeSet<Long>> ofRun = pending.computeIfAbsent(runUuid, r -> new HashMap<>());
        buckets.forEach((key, numbers) -> ofRun.computeIfAbsent(key, k -> new TreeSet<>()).addAll(numbers));
    }

    /** Stops the timer and writes what is pending, so a store closed normally leaves a complete outline. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refreshAll();
    }
}
