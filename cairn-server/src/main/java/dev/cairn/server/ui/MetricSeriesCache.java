package dev.cairn.server.ui;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.RunId;
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
    /** Large pages: a store that pages by offset re-reads everything before each page. */
    private static final int PAGE_SIZE = 1_000_000;

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
        synchronized (this) {
            Entry e = entries.get(k);
            if (e != null && clock.millis() - e.loadedAt < ttlMillis && Objects.equals(e.latest, latest)) {
                return e.data;
            }
            // The run page asks for the summary and the chart at once: one read serves both.
            CompletableFuture<SeriesData> running = loading.get(k);
            if (running != null) {
                mine = null;
            } else {
                mine = new CompletableFuture<>();
                loading.put(k, mine);
            }
            if (mine == null) {
                return join(running);
            }
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

    private SeriesData read(RunId runId, String key) {
        long[] steps = new long[1024];
        long[] timestamps = new long[1024];
        double[] values = new double[1024];
        int n = 0;
        PageToken token = PageToken.FIRST;
        while (token != null) {
            Page<Metric> page = store.getMetricHistory(runId, key, PAGE_SIZE, token);
            if (n + page.items().size() > steps.length) {
                int capacity = Math.max(steps.length * 2, n + page.items().size());
                steps = Arrays.copyOf(steps, capacity);
                timestamps = Arrays.copyOf(timestamps, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            for (Metric m : page.items()) {
                steps[n] = m.step();
                timestamps[n] = m.timestamp();
                values[n] = m.value();
                n++;
            }
            token = page.nextPageToken() == null || page.items().isEmpty() ? null : PageToken.parse(page.nextPageToken());
        }
        return new SeriesData(Arrays.copyOf(steps, n), Arrays.copyOf(timestamps, n), Arrays.copyOf(values, n));
    }

    private record Key(RunId runId, String metricKey) {}

    private record Entry(SeriesData data, Metric latest, long loadedAt) {}
}
