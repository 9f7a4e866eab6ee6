package dev.cairn.server.ui;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.Metric;
import dev.cairn.core.model.RunId;
import dev.cairn.core.store.MetricPointSink;
import dev.cairn.core.store.TrackingStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Whole metric histories kept in memory for a short while, so zooming into a chart or opening a
 * run's metrics (summary + chart) reads a million-point series from the store once, not per request.
 *
 * <p>An entry is used as it is while the run's latest value of the metric (which every store keeps)
 * is still the one seen when it was read. When that has changed, the run is being logged to: only the
 * points from the entry's last step on are read and appended, so a chart of a training run in
 * progress stays fast however long its history. Whatever logged the points (this server, another
 * replica, a client writing to the database directly), the store is read, never this process's own
 * writes. A point logged late at an earlier step is not in such a refresh; entries are read whole
 * again once older than {@code ttlMillis} (a minute), so it shows up within that time. The cache is
 * bounded by the total number of points it holds; the least recently used goes first.
 */
final class MetricSeriesCache {
    private final TrackingStore store;
    private final long maxPoints;
    private final long ttlMillis;
    private final Clock clock;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Key, CompletableFuture<SeriesData>> loading = new HashMap<>();
    private long heldPoints;

    MetricSeriesCache(TrackingStore store, long maxPoints, long ttlMillis, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.maxPoints = maxPoints;
        this.ttlMillis = ttlMillis;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The full series; {@code latest} is the run's latest value of the metric (null when none is logged). */
    SeriesData get(RunId runId, String key, Metric latest) {
        Key k = new Key(runId, key);
        CompletableFuture<SeriesData> mine;
        CompletableFuture<SeriesData> running;
        Entry current;
        synchronized (this) {
            Entry e = entries.get(k);
            current = e != null && clock.millis() - e.loadedAt < ttlMillis ? e : null;
            if (current != null && Objects.equals(current.latest, latest)) {
                return current.data;
            }
            // The run page asks for the summary and the chart at once: one read serves both.
            running = loading.get(k);
            mine = running == null ? new CompletableFuture<>() : null;
            if (mine != null) {
                loading.put(k, mine);
            }
        }
        if (running != null) {
            // Waited for outside the lock: the reader takes it again to store what it read.
            return join(running);
        }
        try {
            SeriesData data = current == null ? read(runId, key) : extend(current.data, runId, key);
            // an extended entry keeps the time of its whole read: that is what the TTL bounds
            put(k, new Entry(data, latest, current == null ? clock.millis() : current.loadedAt));
            mine.complete(data);
            return data;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            synchronized (this) {
                loading.remove(k, mine);
            }
        }
    }

    private static SeriesData join(CompletableFuture<SeriesData> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private synchronized void put(Key k, Entry entry) {
        Entry old = entries.put(k, entry);
        if (old != null) {
            heldPoints -= old.data.size();
        }
        heldPoints += entry.data.size();
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (heldPoints > maxPoints && entries.size() > 1 && it.hasNext()) {
            Map.Entry<Key, Entry> eldest = it.next();
            if (eldest.getKey().equals(k)) {
                continue;
            }
            heldPoints -= eldest.getValue().data.size();
            it.remove();
        }
    }

    /** Whether {@link #get} would answer from memory: the series is held and younger than the TTL (then at most its newest points are read). */
    synchronized boolean holds(RunId runId, String key) {
        Entry e = entries.get(new Key(runId, key));
        return e != null && clock.millis() - e.loadedAt < ttlMillis;
    }

    /** One streamed pass over the store's history into primitive columns (no Metric records, no pages). */
    private SeriesData read(RunId runId, String key) {
        Columns columns = new Columns(SeriesData.EMPTY, 0);
        store.streamMetricHistory(runId, key, columns);
        return columns.toSeries();
    }

    /**
     * The held points before the last step held, then the store's points from that step on: points
     * logged at that step since the read are neither lost nor doubled.
     */
    private SeriesData extend(SeriesData held, RunId runId, String key) {
        int n = held.size();
        if (n == 0) {
            return read(runId, key);
        }
        long lastStep = held.steps()[n - 1];
        int keep = n;
        while (keep > 0 && held.steps()[keep - 1] == lastStep) {
            keep--;
        }
        Columns columns = new Columns(held, keep);
        store.streamMetricHistory(runId, key, lastStep, columns);
        return columns.toSeries();
    }

    /** Growable parallel arrays filled by the store's stream, after the first points of a held series. */
    private static final class Columns implements MetricPointSink {
        private long[] steps;
        private long[] timestamps;
        private double[] values;
        private int n;

        Columns(SeriesData start, int count) {
            int capacity = count + 1024;
            steps = Arrays.copyOf(start.steps(), capacity);
            timestamps = Arrays.copyOf(start.timestamps(), capacity);
            values = Arrays.copyOf(start.values(), capacity);
            n = count;
        }

        @Override
        public void accept(long step, long timestamp, double value) {
            if (n == steps.length) {
                steps = Arrays.copyOf(steps, n * 2);
                timestamps = Arrays.copyOf(timestamps, n * 2);
                values = Arrays.copyOf(values, n * 2);
            }
            steps[n] = step;
            timestamps[n] = timestamp;
            values[n] = value;
            n++;
        }

        SeriesData toSeries() {
            return new SeriesData(Arrays.copyOf(steps, n), Arrays.copyOf(timestamps, n), Arrays.copyOf(values, n));
        }
    }

    private record Key(RunId runId, String metricKey) {}

    private record Entry(SeriesData data, Metric latest, long loadedAt) {}
}
