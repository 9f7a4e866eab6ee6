package dev.cairn.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.TrackingUri;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The series cache over a real SQLite store: one read serves concurrent requests, and a new point is seen at once. */
class MetricSeriesCacheTest {
    @TempDir
    Path dir;

    TrackingStore sqlite;
    RunId runId;
    /** The first step each history read started from (Long.MIN_VALUE: the whole history). */
    final List<Long> fromSteps = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        sqlite = TrackingStores.open(TrackingUri.parse("sqlite:///" + dir.resolve("cache.db").toAbsolutePath()), StoreConfig.defaults());
        ExperimentId exp = sqlite.createExperiment("cache", null, List.of());
        runId = sqlite.createRun(new CreateRunRequest(exp, "alice", 1L, List.of(), "r")).info().runId();
        for (int b = 0; b < 5; b++) {
            List<Metric> points = new ArrayList<>();
            for (int s = b * 1_000; s < (b + 1) * 1_000; s++) {
                points.add(new Metric("loss", 1.0 / (s + 1), 1_000L + s, s));
            }
            sqlite.logBatch(runId, points, List.of(), List.of());
        }
    }

    @AfterEach
    void close() {
        sqlite.close();
    }

    /**
     * The real store, with its history streams counted and each held at a gate until {@code waiters} requests
     * are inside the cache, so the test knows they overlapped.
     */
    private TrackingStore gated(AtomicInteger reads, CountDownLatch gate) {
        return (TrackingStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {TrackingStore.class}, (proxy, method, args) -> {
            if (method.getName().equals("streamMetricHistory")) {
                reads.incrementAndGet();
                fromSteps.add(args.length == 4 ? (Long) args[2] : Long.MIN_VALUE);
                gate.await(10, TimeUnit.SECONDS);
            }
            try {
                return method.invoke(sqlite, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private Metric latest() {
        Run run = sqlite.getRun(runId);
        return run.data().metrics().stream().filter(m -> m.key().equals("loss")).findFirst().orElseThrow();
    }

    @Test
    void concurrentRequestsShareOneReadAndNeitherBlocksTheOther() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        MetricSeriesCache cache = new MetricSeriesCache(gated(reads, gate), 1_000_000, 60_000, Clock.systemUTC());
        Metric latest = latest();
        // Daemon threads, not closed by waiting: were the cache to deadlock, the test must fail, not hang the build.
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SeriesData>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(pool.submit(() -> cache.get(runId, "loss", latest)));
            }
            // Let the waiters reach the cache while the first read is held, then release it.
            Thread.sleep(300);
            gate.countDown();
            for (Future<SeriesData> call : calls) {
                SeriesData data = call.get(10, TimeUnit.SECONDS);
                assertThat(data.size()).isEqualTo(5_000);
                assertThat(data.steps()[4_999]).isEqualTo(4_999);
                assertThat(data.values()[0]).isEqualTo(1.0);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(reads.get()).as("store reads").isEqualTo(1);
    }

    @Test
    void aNewPointMakesTheCachedSeriesStale() {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch open = new CountDownLatch(0);
        MetricSeriesCache cache = new MetricSeriesCache(gated(reads, open), 1_000_000, 60_000, Clock.systemUTC());
        assertThat(cache.get(runId, "loss", latest()).size()).isEqualTo(5_000);
        assertThat(cache.get(runId, "loss", latest()).size()).isEqualTo(5_000);
        assertThat(reads.get()).isEqualTo(1);

        sqlite.logMetric(runId, new Metric("loss", 0.5, 9_000L, 5_000));
        SeriesData after = cache.get(runId, "loss", latest());
        assertThat(after.size()).isEqualTo(5_001);
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void aRunInProgressIsReadFromItsLastStepOnAndWholeAgainAfterTheTtl() {
        AtomicInteger reads = new AtomicInteger();
        long[] now = {1_000_000};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(now[0]);
            }
        };
        MetricSeriesCache cache = new MetricSeriesCache(gated(reads, new CountDownLatch(0)), 1_000_000, 60_000, clock);
        assertThat(cache.get(runId, "loss", latest()).size()).isEqualTo(5_000);

        // Training goes on: a second point at the last step held, and a new step.
        sqlite.logBatch(runId, List.of(new Metric("loss", 0.7, 9_000L, 4_999), new Metric("loss", 0.5, 9_001L, 5_000)), List.of(), List.of());
        now[0] += 30_000;
        SeriesData after = cache.get(runId, "loss", latest());
        assertThat(fromSteps).containsExactly(Long.MIN_VALUE, 4_999L);
        assertThat(after.size()).isEqualTo(5_002);
        assertThat(after.steps()).startsWith(0, 1, 2).endsWith(4_998, 4_999, 4_999, 5_000);
        assertThat(after.values()).endsWith(1.0 / 4_999, 1.0 / 5_000, 0.7, 0.5);

        // A point logged late at an early step is not in a refresh, but in the whole read after the TTL.
        sqlite.logBatch(runId, List.of(new Metric("loss", 9.0, 1L, 3), new Metric("loss", 0.4, 9_002L, 5_001)), List.of(), List.of());
        assertThat(cache.get(runId, "loss", latest()).size()).isEqualTo(5_003);
        now[0] += 30_001;
        assertThat(cache.get(runId, "loss", latest()).size()).isEqualTo(5_004);
        assertThat(fromSteps).containsExactly(Long.MIN_VALUE, 4_999L, 5_000L, Long.MIN_VALUE);
    }
}
