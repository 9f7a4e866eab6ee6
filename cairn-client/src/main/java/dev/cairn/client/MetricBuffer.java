package dev.cairn.client;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.RunId;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.validation.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Metric points on their way to the store: a bounded queue that the training thread fills and one
 * background thread drains in {@code logBatch} calls of at most {@value Validation#MAX_METRICS_PER_BATCH}
 * points, so logging costs the caller a queue insertion, not a round trip.
 *
 * <p>Nothing is dropped silently. A point that would be refused for its shape (key, value) is refused in the
 * caller's thread. While the store is unreachable the sender keeps the batch and retries, the queue fills, and
 * {@link #add} blocks for at most the configured time before failing with REQUEST_LIMIT_EXCEEDED naming the
 * cause. A batch the store refuses for good (say, the run was deleted) is reported by the next {@link #add},
 * {@link #flush} or {@link #close}. {@link #flush} returns once every point added before it was written.
 */
final class MetricBuffer implements AutoCloseable {
    private record Entry(RunId runId, Metric metric) {}

    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final TrackingStore store;
    private final ArrayBlockingQueue<Entry> queue;
    private final Duration offerTimeout;
    private final Thread sender;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    /** Points accepted by {@link #add}, and points the sender has finished with (written or refused). */
    private long added;
    private long done;
    private CairnException refused;
    private CairnException lastTransientError;
    private volatile boolean closing;
    private volatile long giveUpAtNanos = Long.MAX_VALUE;

    MetricBuffer(TrackingStore store, int capacity, Duration offerTimeout) {
        this.store = requireNonNull(store, "store is null");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.offerTimeout = requireNonNull(offerTimeout, "offerTimeout is null");
        this.sender = Thread.ofPlatform().name("cairn-metric-sender").daemon(true).unstarted(this::sendLoop);
        this.sender.start();
    }

    /** Queues one point; blocks only while the queue is full. */
    void add(RunId runId, Metric metric) {
        Validation.metric(metric);
        throwIfRefused();
        if (closing) {
            throw new CairnException(ErrorCode.INVALID_STATE, "The tracking client is closed; metric '" + metric.key()
                    + "' of run " + runId + " was not logged.");
        }
        // Count first so a flush racing with this add waits for the point too.
        lock.lock();
        try {
            added++;
        } finally {
            lock.unlock();
        }
        boolean queued;
        try {
            queued = queue.offer(new Entry(runId, metric), offerTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            uncount();
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Interrupted while waiting for room in the metric queue", e);
        }
        if (!queued) {
            uncount();
            CairnException cause = lastTransientError();
            throw new CairnException(ErrorCode.REQUEST_LIMIT_EXCEEDED,
                    "The metric queue (" + (queue.size() + queue.remainingCapacity()) + " points) stayed full for "
                            + offerTimeout.toMillis() + " ms; metric '" + metric.key() + "' was not logged. "
                            + (cause != null ? "The store is failing: " + cause.getMessage()
                                    : "The store is not keeping up with the logging rate."), cause);
        }
    }

    /** Waits until every point added before this call is written; throws what the store refused meanwhile. */
    void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = added;
            // min(): a point whose add() failed after being counted is uncounted again
            while (done < Math.min(target, added)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, (target - done)
                            + " metric points are still waiting to be written after " + timeout.toMillis() + " ms"
                            + (lastTransientError != null ? ": " + lastTransientError.getMessage() : "."), lastTransientError);
                }
                progress.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Interrupted while flushing metrics", e);
        } finally {
            lock.unlock();
        }
        throwIfRefused();
    }

    int pending() {
        lock.lock();
        try {
            return (int) (added - done);
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued (waiting at most {@code timeout} for a failing store), then stops the sender. */
    void close(Duration timeout) {
        giveUpAtNanos = System.nanoTime() + timeout.toNanos();
        try {
            flush(timeout);
        } finally {
            closing = true;
            sender.interrupt();
            try {
                sender.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(offerTimeout);
    }

    private void sendLoop() {
        List<Entry> drained = new ArrayList<>(Validation.MAX_METRICS_PER_BATCH);
        while (true) {
            try {
                Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                drained.add(first);
                queue.drainTo(drained, Validation.MAX_METRICS_PER_BATCH - 1);
                send(drained);
                drained.clear();
            } catch (InterruptedException e) {
                if (closing && queue.isEmpty() && drained.isEmpty()) {
                    return;
                }
                // interrupted while data remains: close() still waits on flush, keep going
            }
        }
    }

    /** Writes the drained points run by run in arrival order, retrying transient failures. */
    private void send(List<Entry> entries) throws InterruptedException {
        Map<RunId, List<Metric>> byRun = new LinkedHashMap<>();
        for (Entry e : entries) {
            byRun.computeIfAbsent(e.runId(), k -> new ArrayList<>()).add(e.metric());
        }
        for (Map.Entry<RunId, List<Metric>> batch : byRun.entrySet()) {
            deliver(batch.getKey(), batch.getValue());
            finished(batch.getValue().size());
        }
    }

    private void deliver(RunId runId, List<Metric> metrics) throws InterruptedException {
        Duration wait = FIRST_RETRY;
        while (true) {
            try {
                store.logBatch(runId, metrics, List.of(), List.of());
                lastTransient(null);
                return;
            } catch (CairnException e) {
                if (!isTransient(e) || System.nanoTime() > giveUpAtNanos) {
                    refuse(new CairnException(e.code(), metrics.size() + " metric point" + (metrics.size() == 1 ? "" : "s")
                            + " of run " + runId + " could not be logged: " + e.getMessage(), e));
                    return;
                }
                lastTransient(e);
            } catch (RuntimeException e) {
                refuse(new CairnException(ErrorCode.INTERNAL_ERROR, metrics.size() + " metric points of run " + runId
                        + " could not be logged: " + e, e));
                return;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                if (System.nanoTime() > giveUpAtNanos) {
                    throw e;
                }
            }
            wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
        }
    }

    private static boolean isTransient(CairnException e) {
        return e.code() == ErrorCode.TEMPORARILY_UNAVAILABLE || e.code() == ErrorCode.REQUEST_LIMIT_EXCEEDED;
    }

    private void finished(int count) {
        lock.lock();
        try {
            done += count;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void uncount() {
        lock.lock();
        try {
            added--;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void refuse(CairnException e) {
        lock.lock();
        try {
            if (refused == null) {
                refused = e;
            } else {
                refused.addSuppressed(e);
            }
        } finally {
            lock.unlock();
        }
    }

    private void lastTransient(CairnException e) {
        lock.lock();
        try {
            lastTransientError = e;
        } finally {
            lock.unlock();
        }
    }

    private CairnException lastTransientError() {
        lock.lock();
        try {
            return lastTransientError;
        } finally {
            lock.unlock();
        }
    }

    /** Reports a refused batch once, to whoever calls next. */
    private void throwIfRefused() {
        CairnException e;
        lock.lock();
        try {
            e = refused;
            refused = null;
        } finally {
            lock.unlock();
        }
        if (e != null) {
            throw e;
        }
    }
}
