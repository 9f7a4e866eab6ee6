package dev.cairn.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens the connection pool for a {@link SqlLocation}, failing fast and without credentials in messages. */
final class SqlDataSources {
    /** How long opening a connection may take before the store reports the database unreachable. */
    static final int CONNECT_TIMEOUT_SECONDS = 5;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private SqlDataSources() {}

    static HikariDataSource open(SqlLocation location) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cairn-" + location.kind().name().toLowerCase() + "-" + POOLS.incrementAndGet());
        config.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
        // one attempt at start-up, bounded by the driver's connect timeout: a wrong password or a
        // missing database is reported at once instead of being retried until the timeout
        config.setInitializationFailTimeout(1);
        config.setValidationTimeout(2000);
        switch (location.kind()) {
            case SQLITE -> configureSqlite(config, location);
            case POSTGRESQL -> {
                config.setJdbcUrl(location.jdbcUrl());
                config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
                config.addDataSourceProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
                config.addDataSourceProperty("reWriteBatchedInserts", "true");
                // JIT compiles queries whose estimated cost is high, which without table statistics is
                // most of them: 14 ms of compiling for a 13 ms page load. Tracking queries are short.
                config.addDataSourceProperty("options", "-c jit=off");
                config.setMaximumPoolSize(12);
            }
            case MYSQL -> {
                config.setJdbcUrl(location.jdbcUrl());
                config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 1000));
                // a log-batch of 100 params is then one multi-row INSERT rather than 100 statements
                // (Connector/J 3.5.6 brought the option back; bulk protocol needs server-side prepares)
                config.addDataSourceProperty("rewriteBatchedStatements", "true");
                // several queries in one round trip (a GetRun's three); every value Cairn sends is a bound
                // parameter, so this opens no injection path
                config.addDataSourceProperty("allowMultiQueries", "true");
                // as on PostgreSQL: writers of a run queue on its row lock, and nothing relies on repeatable
                // reads, whose gap locks made concurrent param inserts into different runs wait for each other
                config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
                config.setMaximumPoolSize(12);
            }
        }
        if (location.user() != null) {
            config.setUsername(location.user());
        }
        if (location.password() != null) {
            config.setPassword(location.password());
        }
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw unreachable(location, e);
        } catch (RuntimeException e) {
            throw unreachable(location, e);
        }
    }

    private static void configureSqlite(HikariConfig config, SqlLocation location) {
        if (location.sqliteFile() != null) {
            var parent = location.sqliteFile().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new CairnException(ErrorCode.INVALID_PARAMETER_VALUE,
                        "Cannot open the SQLite tracking database " + location.display() + ": the directory " + parent
                                + " does not exist. Create it first, or choose another path.");
            }
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout(30_000);
        // IMMEDIATE takes the write lock at BEGIN, so a writer waits (busy_timeout) instead of failing
        // when it upgrades from a stale read snapshot. Reads run in autocommit mode and never BEGIN.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        if (location.inMemory()) {
            // each connection to :memory: is its own database: keep exactly one, forever
            config.setMaximumPoolSize(1);
            config.setMinimumIdle(1);
            config.setMaxLifetime(0);
            config.setIdleTimeout(0);
        } else {
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setMaximumPoolSize(8);
        }
        SQLiteDataSource dataSource = new FunctionRegisteringSqliteDataSource(sqlite);
        dataSource.setUrl(location.jdbcUrl());
        config.setDataSource(dataSource);
    }

    static CairnException unreachable(SqlLocation location, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (location.password() != null && !location.password().isEmpty()) {
            reason = reason.replace(location.password(), "***");
        }
        return new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                "Cannot connect to the tracking database " + location.display() + ": " + reason
                        + ". Check that the database server is running and reachable, that the database exists,"
                        + " and that the user name and password in the tracking URI are right.", null);
    }

    /** Registers Cairn's SQL functions on every new SQLite connection. */
    private static final class FunctionRegisteringSqliteDataSource extends SQLiteDataSource {
        FunctionRegisteringSqliteDataSource(SQLiteConfig config) {
            super(config);
        }

        @Override
        public org.sqlite.SQLiteConnection getConnection(String username, String password) throws SQLException {
            org.sqlite.SQLiteConnection connection = super.getConnection(username, password);
            SqliteFunctions.register(connection);
            return connection;
        }
    }
}
