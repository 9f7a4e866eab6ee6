package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.RunId;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.ResolvedTrackingUri;
import dev.cairn.core.uri.TrackingUri;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The async metric queue over a real SQLite store: nothing lost on close, back-pressure when the store stalls. */
class MetricBufferTest {
    @TempDir
    Path dir;

    private TrackingStore sqlite() {
        return TrackingStores.open(TrackingUri.parse("sqlite:///" + dir.resolve("mlflow.db")), new StoreConfig(null, dir));
    }

    private ClientConfig config(int capacity, Duration offerTimeout) {
        return ClientConfig.fromEnvironment(Map.of(), dir).withQueue(capacity, offerTimeout);
    }

    @Test
    void closeWritesEveryQueuedPointInOrder() {
        String uri = "sqlite:///" + dir.resolve("mlflow.db");
        RunId id;
        ResolvedTrackingUri resolved = new ResolvedTrackingUri(TrackingUri.parse(uri), ResolvedTrackingUri.Rule.EXPLICIT);
        try (CairnTracking tracking = CairnTracking.open(resolved, config(100_000, Duration.ofSeconds(30)))) {
            ActiveRun run = tracking.startRun("queue");
            id = run.id();
            for (int step = 0; step < 25_000; step++) {
                run.logMetric("loss", 1.0 / (step + 1), step, 1000 + step);
            }
            run.logMetric("acc", 0.5);
            // no flush here: ending the run and closing the client must lose nothing
            run.close();
        }
        try (CairnTracking reopened = CairnTracking.open(resolved, config(10, Duration.ofSeconds(1)))) {
            List<Metric> history = reopened.getMetricHistory(id, "loss");
            assertThat(history).hasSize(25_000);
            assertThat(history.get(24_999).step()).isEqualTo(24_999);
            assertThat(reopened.getMetricHistory(id, "acc")).hasSize(1);
            assertThat(reopened.getRun(id).info().status().name()).isEqualTo("FINISHED");
        }
    }

    @Test
    void fullQueueBlocksThenFailsClearlyAndLosesNothingAccepted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TrackingStore real = sqlite();
        // the real store behind a gate: logBatch waits until the test opens it, as a stalled server would
        TrackingStore stalled = (TrackingStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TrackingStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("logBatch")) {
                        release.await();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        RunId run = real.createRun(new dev.cairn.core.store.CreateRunRequest(
                dev.cairn.core.model.ExperimentId.DEFAULT, "u", 1, List.of(), "r")).info().runId();
        try (MetricBuffer buffer = new MetricBuffer(stalled, 10, Duration.ofMillis(200))) {
            int accepted = 0;
            CairnException full = null;
            long blockedFor = 0;
            for (int i = 0; i < 50 && full == null; i++) {
                long start = System.nanoTime();
                try {
                    buffer.add(run, new Metric("m", i, 1, i));
                    accepted++;
                } catch (CairnException e) {
                    full = e;
                    blockedFor = System.nanoTime() - start;
                }
            }
            assertThat(full).isNotNull();
            assertThat(full.code()).isEqualTo(ErrorCode.REQUEST_LIMIT_EXCEEDED);
            assertThat(full.getMessage()).contains("metric queue").contains("'m'");
            assertThat(Duration.ofNanos(blockedFor)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
            // capacity 10 plus the batch the stalled sender already drained (at most what the queue held)
            assertThat(accepted).isBetween(10, 21);
            release.countDown();
            buffer.flush(Duration.ofSeconds(10));
            assertThat(real.getMetricHistory(run, "m", 100, dev.cairn.core.model.PageToken.FIRST).items()).hasSize(accepted);
        } finally {
            real.close();
        }
    }

    @Test
    void invalidKeyIsRefusedInTheCallersThread() {
        try (TrackingStore store = sqlite(); MetricBuffer buffer = new MetricBuffer(store, 10, Duration.ofSeconds(1))) {
            CairnException e = catchThrowableOfType(CairnException.class,
                    () -> buffer.add(RunId.random(), new Metric("bad key!", 1, 1, 1)));
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
            assertThat(buffer.pending()).isZero();
        }
    }

    @Test
    void pointsTheStoreRefusesAreReportedByTheNextFlush() {
        try (TrackingStore store = sqlite(); MetricBuffer buffer = new MetricBuffer(store, 10, Duration.ofSeconds(1))) {
            RunId unknown = RunId.random();
            buffer.add(unknown, new Metric("loss", 1, 1, 1));
            CairnException e = catchThrowableOfType(CairnException.class, () -> buffer.flush(Duration.ofSeconds(5)));
            assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertThat(e.getMessage()).contains("1 metric point").contains(unknown.value());
        }
    }

    @Test
    void runEndedTwiceIsInvalidStateButCloseAfterEndIsFine() {
        ResolvedTrackingUri resolved = new ResolvedTrackingUri(
                TrackingUri.parse("sqlite:///" + dir.resolve("mlflow.db")), ResolvedTrackingUri.Rule.EXPLICIT);
        try (CairnTracking tracking = CairnTracking.open(resolved, config(100, Duration.ofSeconds(1)))) {
            ActiveRun run = tracking.startRun("twice");
            run.end(dev.cairn.core.model.RunStatus.KILLED);
            CairnException e = catchThrowableOfType(CairnException.class, () -> run.end(dev.cairn.core.model.RunStatus.FINISHED));
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
            assertThat(e.getMessage()).contains("already ended as KILLED");
            run.close();
            assertThat(catchThrowableOfType(CairnException.class, () -> run.logMetric("x", 1)).code())
                    .isEqualTo(ErrorCode.INVALID_STATE);
            assertThat(tracking.getRun(run.id()).info().status().name()).isEqualTo("KILLED");
        }
    }

    @Test
    void lambdaFormEndsFailedAndRethrows() {
        ResolvedTrackingUri resolved = new ResolvedTrackingUri(
                TrackingUri.parse("sqlite:///" + dir.resolve("mlflow.db")), ResolvedTrackingUri.Rule.EXPLICIT);
        try (CairnTracking tracking = CairnTracking.open(resolved, config(100, Duration.ofSeconds(1)))) {
            RunId[] id = new RunId[1];
            IllegalStateException thrown = catchThrowableOfType(IllegalStateException.class, () -> tracking.run("lambda", run -> {
                id[0] = run.id();
                run.logMetric("loss", 2.0, 0);
                throw new IllegalStateException("diverged");
            }));
            assertThat(thrown).hasMessage("diverged");
            assertThat(tracking.getRun(id[0]).info().status().name()).isEqualTo("FAILED");
            assertThat(tracking.getMetricHistory(id[0], "loss")).hasSize(1);
            String result = tracking.call("lambda", run -> run.id().value());
            assertThat(tracking.getRun(RunId.of(result)).info().status().name()).isEqualTo("FINISHED");
        }
    }


}
