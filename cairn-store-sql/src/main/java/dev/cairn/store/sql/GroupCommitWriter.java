package dev.cairn.store.sql;

import dev.cairn.core.error.CairnException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for small concurrent writes (log-batch) on a database with a single writer (SQLite).
 *
 * <p>SQLite serialises writers, and most of a small write's cost is its commit (writing the changed
 * pages to the WAL). Concurrent requests therefore queue here; whichever caller gets the leader lock
 * first takes everything queued so far and writes it in <em>one</em> transaction, each request inside
 * its own savepoint. A request that fails (unknown or deleted run, param conflict, a constraint) is
 * rolled back to its savepoint and fails alone, leaving nothing half-written; the others commit
 * together. Each caller returns only once its own request is committed (or has failed), so the
 * durability a caller sees is unchanged. A failure of the transaction as a whole (the commit itself,
 * a lost connection) fails every request of that group.
 *
 * <p>No extra thread: callers take turns being the leader. A caller whose request a leader wrote is
 * woken by it and returns without touching the lock; the first of those still queued leads next.
 */
final class GroupCommitWriter {
    /** Rows one group may write, so one group's transaction (and its callers' latency) stays short. */
    static final int MAX_GROUP_ROWS = 5_000;

    @FunctionalInterface
    interface Request {
        void write(Connection connection) throws SQLException;
    }

    private final SqlExecutor db;
    private final ReentrantLock leader = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final LongAdder groups = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final AtomicInteger largestGroup = new AtomicInteger();

    GroupCommitWriter(SqlExecutor db) {
        this.db = db;
    }

    /** Writes the request in some group transaction; returns when it is committed, or throws its own failure. */
    void write(int rows, Request request) {
        Pending mine = new Pending(rows, request, Thread.currentThread());
        queue.add(mine);
        while (!mine.done) {
            if (leader.tryLock()) {
                try {
                    while (!mine.done) {
                        commitGroup(mine);
                    }
                } finally {
                    leader.unlock();
                }
                // whoever queued while we wrote leads next
                Pending next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.owner);
                }
            } else {
                // a leader is writing: it wakes us when our request is done, or when we are next to lead
                LockSupport.parkNanos(this, 5_000_000L);
            }
        }
        mine.rethrow();
    }

    /** Group transactions written so far, requests in them, and the largest group (for tests and tuning). */
    Stats stats() {
        return new Stats(groups.sum(), requests.sum(), largestGroup.get());
    }

    record Stats(long groups, long requests, int largestGroup) {}

    private void commitGroup(Pending mine) {
        List<Pending> group = new ArrayList<>();
        try {
            db.write(c -> {
                if (group.isEmpty()) {
                    // taken after the write lock is ours: everything that queued while we waited joins this group
                    drain(group);
                } else {
                    group.forEach(Pending::reset); // retry of the whole transaction
                }
                if (group.size() == 1) {
                    // alone: the transaction is the request's own, as without group commit; its failure
                    // rolls the transaction back and reaches the caller below, with no savepoint to pay for
                    group.get(0).request.write(c);
                } else {
                    for (Pending p : group) {
                        writeInSavepoint(c, p);
                    }
                }
                return null;
            });
        } catch (RuntimeException | Error e) {
            if (group.isEmpty() && queue.remove(mine)) {
                group.add(mine); // failed before taking anything (e.g. no connection): fail our own request only
            }
            group.forEach(p -> p.groupFailed(e));
        }
        for (Pending p : group) {
            p.done = true;
            if (p != mine) {
                LockSupport.unpark(p.owner);
            }
        }
        groups.increment();
        requests.add(group.size());
        largestGroup.accumulateAndGet(group.size(), Math::max);
    }

    private void drain(List<Pending> group) {
        int rows = 0;
        for (Pending next = queue.peek(); next != null; next = queue.peek()) {
            if (!group.isEmpty() && rows + next.rows > MAX_GROUP_ROWS) {
                break;
            }
            queue.poll(); // only the leader takes from the queue, so this is `next`
            group.add(next);
            rows += next.rows;
        }
    }

    private void writeInSavepoint(Connection c, Pending p) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            p.request.write(c);
            c.releaseSavepoint(savepoint);
        } catch (CairnException e) {
            c.rollback(savepoint);
            c.releaseSavepoint(savepoint);
            p.failure = e;
        } catch (SQLException e) {
            if (db.dialect().isRetryable(e)) {
                throw e; // the database is busy for the whole transaction: retry the group
            }
            // a statement error leaves the transaction usable; if rolling back to the savepoint fails,
            // the transaction is not, and the whole group fails (nothing of it is committed)
            c.rollback(savepoint);
            c.releaseSavepoint(savepoint);
            p.failure = db.translate(e);
        }
    }

    private static final class Pending {
        final int rows;
        final Request request;
        final Thread owner;
        // failure is written by the leader before done; done is read by the owner without the lock
        volatile boolean done;
        Throwable failure;

        Pending(int rows, Request request, Thread owner) {
            this.rows = rows;
            this.request = request;
            this.owner = owner;
        }

        void reset() {
            failure = null;
        }

        void groupFailed(Throwable e) {
            failure = e;
        }

        void rethrow() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
    }
}
