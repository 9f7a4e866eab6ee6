package dev.cairn.store.sql;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Runs units of work on pooled connections: reads in autocommit mode, writes as one transaction
 * each, retried as a whole on deadlocks and serialization failures. SQLite allows one writer at a
 * time, so its writes queue on a lock here rather than contending for the database file.
 */
final class SqlExecutor {
    private static final int MAX_ATTEMPTS = 4;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final SqlLocation location;
    private final ReentrantLock writeLock;

    SqlExecutor(DataSource dataSource, SqlDialect dialect, SqlLocation location) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.location = location;
        this.writeLock = dialect == SqlDialect.SQLITE ? new ReentrantLock(true) : null;
    }

    SqlDialect dialect() {
        return dialect;
    }

    <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** A single statement in autocommit mode, atomic by itself: no transaction around it. */
    <T> T statement(Work<T> work) {
        return read(work);
    }

    <T> T write(Work<T> work) {
        if (writeLock != null) {
            writeLock.lock();
        }
        try {
            for (int attempt = 1; ; attempt++) {
                try (Connection c = dataSource.getConnection()) {
                    begin(c);
                    try {
                        T result = work.run(c);
                        commit(c);
                        return result;
                    } catch (SQLException | RuntimeException | Error e) {
                        rollbackQuietly(c, e);
                        throw e;
                    } finally {
                        if (!dialect.transactionsByStatement()) {
                            c.setAutoCommit(true);
                        }
                    }
                } catch (SQLException e) {
                    if (attempt < MAX_ATTEMPTS && dialect.isRetryable(e)) {
                        backOff(attempt);
                        continue;
                    }
                    throw translate(e);
                }
            }
        } finally {
            if (writeLock != null) {
                writeLock.unlock();
            }
        }
    }

    private void begin(Connection c) throws SQLException {
        if (dialect.transactionsByStatement()) {
            execute(c, "START TRANSACTION");
        } else {
            c.setAutoCommit(false);
        }
    }

    private void commit(Connection c) throws SQLException {
        if (dialect.transactionsByStatement()) {
            execute(c, "COMMIT");
        } else {
            c.commit();
        }
    }

    private void rollbackQuietly(Connection c, Throwable cause) {
        try {
            if (dialect.transactionsByStatement()) {
                execute(c, "ROLLBACK");
            } else {
                c.rollback();
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(5L * attempt + (long) (Math.random() * 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    CairnException translate(SQLException e) {
        if (dialect.isUniqueViolation(e)) {
            return new CairnException(ErrorCode.RESOURCE_ALREADY_EXISTS, "The entity already exists: " + e.getMessage(), e);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("22001") || e.getErrorCode() == 1406) {
            return new CairnException(ErrorCode.INVALID_PARAMETER_VALUE, "A value is too long for the database column: "
                    + e.getMessage(), e);
        }
        if (e instanceof SQLTransientConnectionException || state.startsWith("08")) {
            return new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                    "The tracking database " + location.display() + " is not reachable: " + e.getMessage(), e);
        }
        return new CairnException(ErrorCode.INTERNAL_ERROR,
                "Tracking database error (" + dialect.name() + ", " + location.display() + "): " + e.getMessage(), e);
    }
}
