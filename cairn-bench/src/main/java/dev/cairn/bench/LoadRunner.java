package dev.cairn.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Runs one workload with N concurrent clients for a fixed time. Every client is a thread that
 * sends its next request as soon as the last one is answered (closed loop), so req/s is what the
 * server sustains at that concurrency.
 */
public final class LoadRunner {
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Duration warmup;
    private final Duration duration;

    public LoadRunner(Duration warmup, Duration duration) {
        this.warmup = requireNonNull(warmup, "warmup is null");
        this.duration = requireNonNull(duration, "duration is null");
        if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("duration must be positive and warm-up not negative");
        }
    }

    public WorkloadResult run(Workload workload, int requestedClients) throws IOException, InterruptedException {
        requireNonNull(workload, "workload is null");
        int clients = Math.max(1, workload.clients(requestedClients));
        List<Workload.ClientTask> tasks = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            tasks.add(workload.newClient(i));
        }
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + duration.toNanos();
        List<ClientLoop> loops = new ArrayList<>(clients);
        List<Thread> threads = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            ClientLoop loop = new ClientLoop(tasks.get(i), measureFrom, measureUntil);
            loops.add(loop);
            threads.add(Thread.ofVirtual().name(workload.name() + "-client-" + i).start(loop));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return merge(workload.name(), clients, loops, measureFrom, measureUntil);
    }

    static WorkloadResult merge(String name, int clients, List<ClientLoop> loops, long measureFrom, long measureUntil) {
        Histogram all = new Histogram(SIGNIFICANT_DIGITS);
        long requests = 0;
        long errors = 0;
        long lastCompletion = measureUntil;
        String firstError = null;
        long firstErrorAt = Long.MAX_VALUE;
        for (ClientLoop loop : loops) {
            all.add(loop.latencyMicros);
            requests += loop.requests;
            errors += loop.errors;
            lastCompletion = Math.max(lastCompletion, loop.lastCompletion);
            if (loop.firstError != null && loop.firstErrorAt < firstErrorAt) {
                firstError = loop.firstError;
                firstErrorAt = loop.firstErrorAt;
            }
        }
        return new WorkloadResult(name, clients, requests, errors, lastCompletion - measureFrom, all, firstError);
    }

    /** One client: warm up, then measure every operation that starts inside the window. */
    static final class ClientLoop implements Runnable {
        private final Workload.ClientTask task;
        private final long measureFrom;
        private final long measureUntil;
        final Histogram latencyMicros = new Histogram(SIGNIFICANT_DIGITS);
        long requests;
        long errors;
        long lastCompletion;
        String firstError;
        long firstErrorAt = Long.MAX_VALUE;

        ClientLoop(Workload.ClientTask task, long measureFrom, long measureUntil) {
            this.task = task;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
        }

        @Override
        public void run() {
            while (true) {
                long begin = System.nanoTime();
                if (begin >= measureUntil) {
                    return;
                }
                Outcome outcome = runSafely();
                long end = System.nanoTime();
                if (begin >= measureFrom) {
                    record(begin, end, outcome);
                }
                if (outcome.status() < 0 && Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        }

        void record(long begin, long end, Outcome outcome) {
            latencyMicros.recordValue(Math.max(1, (end - begin) / 1000));
            requests++;
            lastCompletion = end;
            if (!outcome.ok()) {
                errors++;
                if (firstError == null) {
                    firstError = outcome.describe();
                    firstErrorAt = begin;
                }
            }
        }

        private Outcome runSafely() {
            try {
                return task.runOnce();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.failure(-1, "interrupted");
            } catch (IOException | RuntimeException e) {
                return Outcome.failure(-1, e.toString());
            }
        }
    }
}
