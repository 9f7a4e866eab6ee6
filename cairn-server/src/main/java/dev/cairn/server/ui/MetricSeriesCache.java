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
 * <p>An entry is used only while it is younger than {@code ttlMillis} and the run's latest value of
 * the metric (which every store keeps) is still the one seen when it was read, so a new point at a
 * later step shows up at once. A point logged late at an earlier step becomes visible within the TTL (a minute).
 * The cache is bounded by the total number of points it holds; the least recently used goes first.
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
        synchronized (this) {
            Entry e = entries.get(k);
            if (e != null && clock.millis() - e.loadedAt < ttlMillis && Objects.equals(e.latest, latest)) {
                return e.data;
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
            SeriesData data = read(runId, key);
            put(k, new Entry(data, latest, clock.millis()));
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

    /** One streamed pass over the store's history into primitive columns (no Metric records, no pages). */
    private SeriesData read(RunId runId, String key) {
        Columns columns = new Columns();
        store.streamMetricHistory(runId, key, columns);
        return columns.toSeries();
    }

    /** Growable parallel arrays filled by the store's stream. */
    private static final class Columns implements MetricPointSink {
        private long[] steps = new long[1024];
        private long[] timestamps = new long[1024];
        private double[] values = new double[1024];
        private int n;

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
