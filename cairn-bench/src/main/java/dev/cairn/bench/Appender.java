package dev.cairn.bench;

import static java.util.Objects.requireNonNull;

import dev.cairn.bench.RequestBodies.MetricPoint;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One background client that keeps appending metric points to the search experiment's runs while a
 * workload runs, through a second server over the same store: "another process appends to the same
 * directory". Each batch is a {@code runs/log-batch} of {@value #POINTS_PER_BATCH} points of
 * {@value #METRIC_KEY} into the next run, round-robin.
 *
 * <p>Batches follow a fixed-rate schedule so the write load is the same whatever the workload does;
 * a slot missed because the server answered late is dropped, not made up with a burst, so a slow
 * server sees at most one appender request at a time.
 *
 * <p>Its own metric key keeps the SearchRuns filter (params.optimizer, metrics.accuracy, tags.team)
 * matching exactly the runs it matched without the appender.
 */
public final class Appender implements AutoCloseable {
    static final String METRIC_KEY = "bench_appended";
    static final int POINTS_PER_BATCH = 10;

    private final MlflowHttp http;
    private final RequestBodies bodies;
    private final List<String> runIds;
    private final long periodNanos;
    /** Across start/stop, so every run's steps keep increasing over the whole invocation. */
    private long nextBatch;

    private Thread thread;
    private CountDownLatch stopSignal;
    private long startedAt;
    private long batches;
    private long errors;
    private String firstError;

    /** @param batchesPerSecond the schedule; positive */
    public Appender(MlflowHttp http, List<String> runIds, double batchesPerSecond) {
        this.http = requireNonNull(http, "http is null");
        this.bodies = new RequestBodies(http.mapper());
        this.runIds = List.copyOf(requireNonNull(runIds, "runIds is null"));
        if (this.runIds.isEmpty()) {
            throw new IllegalArgumentException("no runs to append to");
        }
        if (!(batchesPerSecond > 0) || Double.isInfinite(batchesPerSecond)) {
            throw new IllegalArgumentException("appender rate must be positive");
        }
        this.periodNanos = Math.max(1, Math.round(1e9 / batchesPerSecond));
    }

    /** Starts appending in a background thread; counts start from zero. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("appender already running");
        }
        batches = 0;
        errors = 0;
        firstError = null;
        stopSignal = new CountDownLatch(1);
        startedAt = System.nanoTime();
        thread = Thread.ofPlatform().daemon().name("bench-appender").start(this::appendUntilStopped);
    }

    /**
     * Stops after the batch in flight (if any) is answered, so no request is cut off and counted as
     * an error, and returns what was appended since {@link #start()}.
     */
    public synchronized Summary stop() throws InterruptedException {
        if (thread == null) {
            throw new IllegalStateException("appender not running");
        }
        stopSignal.countDown();
        thread.join();
        thread = null;
        // join() makes the appender thread's counts visible here.
        return new Summary(batches, errors, System.nanoTime() - startedAt, (int) Math.min(batches, runIds.size()),
                http.baseUri(), firstError);
    }

    /** Stops if still running, discarding the summary: for a workload that failed part-way. */
    @Override
    public synchronized void close() {
        if (thread != null) {
            try {
                stop();
            } catch (InterruptedException e) {
                // The stop signal is already given and the thread is a daemon: it ends after its batch.
                Thread.currentThread().interrupt();
            }
        }
    }

    private void appendUntilStopped() {
        long due = System.nanoTime();
        try {
            while (stopSignal.getCount() > 0) {
                appendOnce();
                long now = System.nanoTime();
                // The next slot of the schedule, or now when the last answer came after it.
                due = Math.max(due + periodNanos, now);
                if (stopSignal.await(due - now, TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void appendOnce() throws InterruptedException {
        long batch = nextBatch++;
        String runId = runIds.get((int) (batch % runIds.size()));
        long now = System.currentTimeMillis();
        List<MetricPoint> points = new ArrayList<>(POINTS_PER_BATCH);
        for (int i = 0; i < POINTS_PER_BATCH; i++) {
            long step = batch * POINTS_PER_BATCH + i;
            points.add(new MetricPoint(METRIC_KEY, step * 0.001, now, step));
        }
        Outcome outcome;
        try {
            outcome = http.exchange(http.post("runs/log-batch",
                    http.json(bodies.logBatch(runId, points, Map.of(), Map.of()))));
        } catch (IOException | RuntimeException e) {
            // Counted like a refused batch, so one bad exchange does not end the appender silently.
            outcome = Outcome.failure(-1, e.toString());
        }
        batches++;
        if (!outcome.ok()) {
            errors++;
            if (firstError == null) {
                firstError = outcome.describe();
            }
        }
    }

    /**
     * What one start/stop appended.
     *
     * @param runs how many distinct runs got points (round-robin: every run once the batches reach the run count)
     * @param firstError the first failed batch's status and body, or null
     */
    public record Summary(long batches, long errors, long elapsedNanos, int runs, URI url, String firstError) {
        public double batchesPerSecond() {
            return elapsedNanos <= 0 ? 0 : batches * 1e9 / elapsedNanos;
        }

        /** {@code appender: 1,203 batches (20.0/s) into 1,000 runs via http://..., 0 errors} */
        public String line() {
            return String.format(Locale.ROOT, "appender: %,d batches (%.1f/s) into %,d runs via %s, %,d errors",
                    batches, batchesPerSecond(), runs, url, errors);
        }
    }
}
