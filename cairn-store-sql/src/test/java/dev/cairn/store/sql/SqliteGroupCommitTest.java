package dev.cairn.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.Tag;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit of concurrent log-batch requests on SQLite: requests written together in one
 * transaction must behave exactly as if each had its own — no point lost, and a failing request
 * fails alone and leaves nothing behind.
 */
class SqliteGroupCommitTest {
    private static final int THREADS = 16;
    private static final int BATCHES = 25;

    @TempDir
    Path dir;

    private SqlTrackingStore store;
    private ExperimentId experiment;

    @BeforeEach
    void open() {
        store = SqlTrackingStore.open(TrackingUri.parse("sqlite:///group.db"), new StoreConfig(null, dir));
        experiment = store.createExperiment("group-commit", null, List.of());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void concurrentBatchesIntoOneRunAndIntoManyRunsLoseNothing() throws Exception {
        RunId shared = newRun("shared");
        List<RunId> own = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            own.add(newRun("own-" + t));
        }
        CyclicBarrier start = new CyclicBarrier(THREADS);
        runThreads(t -> {
            start.await();
            for (int b = 0; b < BATCHES; b++) {
                // even threads share one run, odd threads each write their own
                RunId run = t % 2 == 0 ? shared : own.get(t);
                List<Metric> points = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    long step = b * 10L + i;
                    points.add(new Metric("m" + t, step * 0.5, 1_000 + step, step));
                }
                store.logBatch(run, points, List.of(new Param("p" + t + "-" + b, "v" + b)), List.of(new Tag("t" + t, "b" + b)));
            }
        });

        for (int t = 0; t < THREADS; t++) {
            RunId run = t % 2 == 0 ? shared : own.get(t);
            var history = store.getMetricHistory(run, "m" + t, 10_000, null).items();
            assertThat(history).as("history of m%d", t).hasSize(BATCHES * 10);
            for (int i = 0; i < history.size(); i++) {
                assertThat(history.get(i).step()).isEqualTo(i);
                assertThat(history.get(i).value()).isEqualTo(i * 0.5);
            }
            Run loaded = store.getRun(run);
            int thread = t;
            Metric latest = loaded.data().metrics().stream().filter(m -> m.key().equals("m" + thread)).findFirst().orElseThrow();
            assertThat(latest.step()).isEqualTo(BATCHES * 10L - 1);
            assertThat(loaded.data().params().stream().filter(p -> p.key().startsWith("p" + thread + "-"))).hasSize(BATCHES);
            assertThat(loaded.data().tags()).contains(new Tag("t" + t, "b" + (BATCHES - 1)));
        }
        GroupCommitWriter.Stats stats = store.groupCommitStats();
        assertThat(stats.requests()).isEqualTo((long) THREADS * BATCHES);
        assertThat(stats.largestGroup()).as("concurrent requests shared a transaction").isGreaterThan(1);
        assertThat(stats.groups()).isLessThan(stats.requests());
    }

    @Test
    void aFailingBatchAmongConcurrentGoodOnesFailsAloneAndWritesNothing() throws Exception {
        // A real database error in the middle of a batch, after its params and tags are written and
        // some of its metrics inserted: the batch must vanish as a whole, and only that batch.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("group.db"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER poison BEFORE INSERT ON metrics WHEN NEW.\"key\" = 'poison'"
                    + " BEGIN SELECT RAISE(ABORT, 'poisoned metric'); END");
        }
        RunId shared = newRun("shared");
        RunId deleted = newRun("deleted");
        store.deleteRun(deleted);
        store.logBatch(shared, List.of(), List.of(new Param("fixed", "1")), List.of());
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        runThreads(t -> {
            start.await();
            for (int b = 0; b < BATCHES; b++) {
                String id = t + "-" + b;
                List<Metric> points = List.of(new Metric("good", b, 1_000 + b, t * 1_000L + b));
                switch ((t + b) % 4) {
                    case 0 -> expectFailure(unexpected, id, ErrorCode.INTERNAL_ERROR, () -> store.logBatch(shared,
                            List.of(new Metric("bad-" + id, 1, 1, 1), new Metric("poison", 1, 1, 1)),
                            List.of(new Param("bad-" + id, "x")), List.of(new Tag("bad-" + id, "x"))));
                    case 1 -> expectFailure(unexpected, id, ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logBatch(shared,
                            List.of(new Metric("bad-" + id, 1, 1, 1)),
                            List.of(new Param("bad-" + id, "x"), new Param("fixed", "2")), List.of(new Tag("bad-" + id, "x"))));
                    case 2 -> expectFailure(unexpected, id, ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logBatch(deleted,
                            List.of(new Metric("bad-" + id, 1, 1, 1)), List.of(), List.of()));
                    default -> store.logBatch(shared, points, List.of(new Param("good-" + id, "v")), List.of(new Tag("good-" + id, "v")));
                }
            }
        });

        assertThat(unexpected).isEmpty();
        int good = 0;
        for (int t = 0; t < THREADS; t++) {
            for (int b = 0; b < BATCHES; b++) {
                if ((t + b) % 4 == 3) {
                    good++;
                }
            }
        }
        Run run = store.getRun(shared);
        assertThat(run.data().params()).filteredOn(p -> p.key().startsWith("good-")).hasSize(good);
        assertThat(run.data().tags()).filteredOn(tag -> tag.key().startsWith("good-")).hasSize(good);
        assertThat(store.getMetricHistory(shared, "good", 100_000, null).items()).hasSize(good);
        assertThat(run.data().params()).filteredOn(p -> p.key().startsWith("bad-")).isEmpty();
        assertThat(run.data().tags()).filteredOn(tag -> tag.key().startsWith("bad-")).isEmpty();
        assertThat(run.data().metrics()).filteredOn(m -> !m.key().equals("good")).isEmpty();
        assertThat(run.data().params()).contains(new Param("fixed", "1"));
        assertThat(store.getRun(deleted).data().metrics()).isEmpty();
        assertThat(store.groupCommitStats().largestGroup()).isGreaterThan(1);
    }

    @Test
    void aLoneFailingBatchStillReportsItsOwnError() {
        RunId run = newRun("lone");
        store.logBatch(run, List.of(), List.of(new Param("k", "1")), List.of());
        assertThatThrownBy(() -> store.logBatch(run, List.of(new Metric("m", 1, 1, 1)), List.of(new Param("k", "2")), List.of()))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("Changing param values is not allowed");
        assertThatThrownBy(() -> store.logBatch(RunId.of("0123456789abcdef0123456789abcdef"), List.of(), List.of(), List.of()))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
        assertThat(store.getRun(run).data().metrics()).isEmpty();
    }

    private RunId newRun(String name) {
        return store.createRun(new CreateRunRequest(experiment, "u", 1, List.of(), name)).info().runId();
    }

    @FunctionalInterface
    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    private static void runThreads(ThreadBody body) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    body.run(thread);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    private static void expectFailure(ConcurrentLinkedQueue<String> unexpected, String id, ErrorCode code, Runnable call) {
        try {
            call.run();
            unexpected.add(id + ": succeeded");
        } catch (CairnException e) {
            if (e.code() != code) {
                unexpected.add(id + ": " + e.code() + " " + e.getMessage());
            }
        }
    }
}
