package dev.cairn.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.Tag;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchParser;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot-path figures for the SQLite store, printed for the report. The assertions are loose bounds
 * (the machine is shared); the targets in the design are far stricter and are measured by cairn-bench.
 */
class SqlStorePerformanceIT {
    @TempDir
    Path dir;

    @Test
    void sqlite() throws Exception {
        hotPaths("sqlite:///perf.db", "SQLite");
    }

    @Test
    void postgres() throws Exception {
        String name = TestDatabases.uniqueName();
        TestDatabases.createPostgres(name);
        try {
            hotPaths("postgresql://postgres@127.0.0.1:5432/" + name, "PostgreSQL");
        } finally {
            TestDatabases.dropPostgres(name);
        }
    }

    @Test
    void mariaDb() throws Exception {
        String name = TestDatabases.uniqueName();
        TestDatabases.createMariaDb(name);
        try {
            hotPaths("mysql://root@127.0.0.1:3306/" + name, "MariaDB");
        } finally {
            TestDatabases.dropMariaDb(name);
        }
    }

    private void hotPaths(String uri, String label) throws Exception {
        try (TrackingStore store = TrackingStores.open(TrackingUri.parse(uri), new StoreConfig(null, dir))) {
            ExperimentId exp = store.createExperiment("perf", null, List.of());

            // 100,000-point history
            RunId big = store.createRun(new CreateRunRequest(exp, "u", 1, List.of(), "big")).info().runId();
            for (int batch = 0; batch < 100; batch++) {
                List<Metric> points = new ArrayList<>(1000);
                for (int i = 0; i < 1000; i++) {
                    long step = batch * 1000L + i;
                    points.add(new Metric("loss", Math.exp(-step / 1e4), 1_700_000_000_000L + step, step));
                }
                store.logBatch(big, points, List.of(), List.of());
            }
            long[] historyMs = new long[5];
            for (int i = 0; i < historyMs.length; i++) {
                long t = System.nanoTime();
                Page<Metric> page = store.getMetricHistory(big, "loss", 100_000, PageToken.FIRST);
                historyMs[i] = (System.nanoTime() - t) / 1_000_000;
                assertThat(page.items()).hasSize(100_000);
            }
            Arrays.sort(historyMs);
            System.out.printf("[perf %s] 100k-point history: median %d ms (min %d ms)%n", label, historyMs[2], historyMs[0]);
            // bounds catch pathological plans (seconds), not noise: the machine is shared
            assertThat(historyMs[2]).isLessThan(5_000);

            // 1,000 runs with params/metrics/tags, then createRun/logBatch/getRun throughput with 8 threads
            List<RunId> runs = new ArrayList<>();
            long t0 = System.nanoTime();
            runs.addAll(concurrently(8, 1000, i -> {
                Run r = store.createRun(new CreateRunRequest(exp, "user" + (i % 5), 1_000_000L + i, List.of(new Tag("team", "t" + (i % 7))), null));
                return r.info().runId();
            }));
            double createPerSec = 1000 / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            concurrently(8, 1000, i -> {
                RunId id = runs.get(i);
                List<Metric> ms = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    ms.add(new Metric("m" + k, ThreadLocalRandom.current().nextDouble(), System.currentTimeMillis(), 0));
                }
                store.logBatch(id, ms, List.of(new Param("lr", "0." + (i % 10))), List.of());
                return id;
            });
            double logPerSec = 1000 / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            concurrently(8, 4000, i -> store.getRun(runs.get(i % runs.size())).info().runId());
            double getPerSec = 4000 / ((System.nanoTime() - t0) / 1e9);

            RunSearch search = new RunSearch(List.of(exp), SearchParser.parseRunFilter("metrics.m1 > 0.2 AND params.lr != '0.3'"),
                    ViewType.ACTIVE_ONLY, 100, SearchParser.parseRunOrderBy(List.of("metrics.m2 DESC")), PageToken.FIRST);
            long[] searchMs = new long[21];
            for (int i = 0; i < searchMs.length; i++) {
                long t = System.nanoTime();
                assertThat(store.searchRuns(search).items()).hasSize(100);
                searchMs[i] = (System.nanoTime() - t) / 1_000;
            }
            Arrays.sort(searchMs);
            System.out.printf("[perf %s] createRun %.0f/s, logBatch(10 metrics + 1 param) %.0f/s, getRun %.0f/s (8 threads, in-process)%n",
                    label, createPerSec, logPerSec, getPerSec);
            System.out.printf("[perf %s] searchRuns over 1,001 runs, filter + order, 100/page: p50 %.1f ms%n", label, searchMs[10] / 1000.0);
            assertThat(searchMs[10]).isLessThan(1_000_000);
        }
    }

    private interface Task {
        RunId run(int i) throws Exception;
    }

    private static List<RunId> concurrently(int threads, int count, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<RunId>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> task.run(n)));
            }
            List<RunId> out = new ArrayList<>();
            for (Future<RunId> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
