package dev.cairn.store.sql;

import dev.cairn.core.model.Param;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Everything that differs between SQLite, PostgreSQL and MySQL/MariaDB, in one place. Queries are
 * written once with ANSI double-quoted identifiers ({@code "key"}) and passed through {@link #sql};
 * comparisons that must be case-sensitive and ordered by code point go through the text methods.
 */
abstract sealed class SqlDialect {
    static final SqlDialect SQLITE = new Sqlite();
    static final SqlDialect POSTGRESQL = new Postgres();

    static SqlDialect mysql(boolean mariaDb) {
        return new MySql(mariaDb);
    }

    /** Flyway location of this dialect's migrations. */
    abstract String migrationFolder();

    /** The query text for this dialect (identifier quoting). */
    String sql(String ansi) {
        return ansi;
    }

    /** {@code INSERT} that silently skips rows whose primary key already exists. */
    abstract String insertIgnoringDuplicates(String table, String columns, String values, String keyColumns);

    /** {@code INSERT} that replaces {@code updateColumn} when a row with the same key exists. */
    final String upsert(String table, String columns, String values, String keyColumns, String updateColumn) {
        return sql("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")" + onConflictReplace(keyColumns, updateColumn));
    }

    /**
     * The end of an {@code INSERT} (of values or a query) that overwrites {@code updateColumns} (a comma
     * list) of a row whose key exists with the values it would have inserted.
     */
    final String onConflictReplace(String keyColumns, String updateColumns) {
        StringBuilder sb = new StringBuilder(onConflictUpdate(keyColumns));
        String sep = "";
        for (String column : updateColumns.split(",")) {
            sb.append(sep).append(column.trim()).append(" = ").append(insertedValue(column.trim()));
            sep = ", ";
        }
        return sb.toString();
    }

    /** The start of the clause that updates a row whose key exists, up to its first assignment. */
    String onConflictUpdate(String keyColumns) {
        return " ON CONFLICT (" + keyColumns + ") DO UPDATE SET ";
    }

    /** In that clause, the value the {@code INSERT} would have written to {@code column}. */
    String insertedValue(String column) {
        return "excluded." + column;
    }

    /** Integer division truncated towards zero, as Java's {@code /}. */
    String integerDivision(String dividend, String divisor) {
        return dividend + " / " + divisor;
    }

    /**
     * Appended inside correlated EXISTS subqueries. PostgreSQL otherwise flattens them into semi-joins
     * whose order depends on table statistics; right after a bulk load (no ANALYZE yet) it then
     * rescans all runs per matching row. {@code OFFSET 0} keeps them per-run index probes.
     */
    String existsFence() {
        return "";
    }

    /**
     * {@code FROM} clause for the rows of {@code table} (aliased {@code x}) that belong to some runs, for
     * loading a page of runs: {@code FROM table x WHERE x.run_uuid IN (...)}.
     */
    SqlStatement rowsOfRuns(String table, List<String> runIds) {
        return new SqlStatement().append(" FROM " + table + " x WHERE x.run_uuid IN ").appendList(runIds);
    }

    /** The params table as read when looking up some keys of one run. */
    String paramsByKeySource() {
        return "params";
    }

    /** The metrics table as read by history queries. */
    String metricHistorySource() {
        return "metrics";
    }

    /**
     * A forward-only statement for reading many rows (a metric history): where the driver can, it asks
     * for binary rows, since as text parsing a long run of doubles is most of such a read.
     */
    PreparedStatement prepareLongRead(Connection c, String ansi) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql(ansi), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        ps.setFetchSize(10_000);
        return ps;
    }

    /** Row lock on the run being written, so concurrent writers of one run queue up instead of deadlocking. */
    String lockRunSuffix() {
        return " FOR UPDATE";
    }

    /**
     * Inserts a run's params in one statement, skipping keys the run already has, and returns how many
     * rows it inserted; or -1 where there is no such statement with an exact count (the caller then
     * looks up the run's existing keys first and inserts the rest as a batch).
     */
    int insertNewParams(Connection c, String runId, Collection<Param> params) throws SQLException {
        return -1;
    }

    /**
     * One statement that inserts a key's latest metric or replaces the stored one if the new point is
     * later (step, then timestamp, then value), bound as key, value, timestamp, step, is_nan, run_uuid;
     * or null, and the store inserts the missing keys and updates the beaten ones in two statements.
     */
    String latestMetricUpsert() {
        return null;
    }

    /** Whether {@link #insertParamsIfAllNew} is worth trying before a params-only write transaction. */
    boolean writesNewParamsInOneStatement() {
        return false;
    }

    /**
     * In one statement outside any transaction: inserts all these params if the run is active and has
     * none of their keys yet, else nothing. Returns how many rows it inserted (all or none); a zero or
     * a failure (a concurrent writer of the same key) leaves the caller to find out why in a transaction.
     */
    int insertParamsIfAllNew(Connection c, String runId, Collection<Param> params) throws SQLException {
        throw new UnsupportedOperationException(name() + " has no single-statement params write");
    }

    /** Appends {@code column IN (?, ?, ...)}: the column equals one of these text values. */
    SqlStatement appendTextIn(SqlStatement statement, String column, Collection<String> values) {
        return statement.append(column + " IN ").appendList(values);
    }

    /** A case-sensitive equality test of a text column against one bound value. */
    String textEquals(String column) {
        return column + " = ?";
    }

    /** Case-sensitive LIKE with backslash escapes. */
    String like(String column) {
        return column + " LIKE ?";
    }

    /** Case-insensitive LIKE with backslash escapes. */
    abstract String ilike(String column);

    /** The column as an ORDER BY expression sorting by code point. */
    String codePointOrder(String column) {
        return column;
    }

    /**
     * Whether a write transaction is opened with {@code START TRANSACTION} and closed with {@code
     * COMMIT}/{@code ROLLBACK} statements while the connection stays in autocommit mode, instead of
     * switching autocommit off and on around it.
     */
    boolean transactionsByStatement() {
        return false;
    }

    /** Whether one prepared statement may hold several {@code ;}-separated queries, each with its own result. */
    boolean sendsStatementsTogether() {
        return true;
    }

    abstract boolean isUniqueViolation(SQLException e);

    /** Deadlocks and serialization failures: the transaction may be retried as a whole. */
    boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("40001") || state.equals("40P01"));
    }

    abstract String name();

    static final class Sqlite extends SqlDialect {
        /** The driver runs only the first statement of a text; nor is there a round trip to save. */
        @Override
        boolean sendsStatementsTogether() {
            return false;
        }

        @Override
        String migrationFolder() {
            return "sqlite";
        }

        @Override
        String insertIgnoringDuplicates(String table, String columns, String values, String keyColumns) {
            return sql("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON CONFLICT DO NOTHING");
        }

        @Override
        String lockRunSuffix() {
            return ""; // writers are serialised by the store (and BEGIN IMMEDIATE)
        }

        // SQLite's LIKE ignores ASCII case and has no escape by default; both patterns go to
        // cairn_like, a Java function registered on every connection, so semantics match
        // LikePattern exactly (see SqliteFunctions).
        @Override
        String like(String column) {
            return "cairn_like(" + column + ", ?, 0)";
        }

        @Override
        String ilike(String column) {
            return "cairn_like(" + column + ", ?, 1)";
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            String m = String.valueOf(e.getMessage());
            return m.contains("UNIQUE constraint failed") || m.contains("PRIMARYKEY") || m.contains("PRIMARY KEY");
        }

        @Override
        boolean isRetryable(SQLException e) {
            String m = String.valueOf(e.getMessage()).toUpperCase(Locale.ROOT);
            return m.contains("SQLITE_BUSY") || m.contains("DATABASE IS LOCKED");
        }

        @Override
        String name() {
            return "SQLite";
        }
    }

    static final class Postgres extends SqlDialect {
        @Override
        String migrationFolder() {
            return "postgresql";
        }

        @Override
        String insertIgnoringDuplicates(String table, String columns, String values, String keyColumns) {
            return sql("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON CONFLICT (" + keyColumns
                    + ") DO NOTHING");
        }

        @Override
        String lockRunSuffix() {
            // NO KEY UPDATE does not block the KEY SHARE locks that foreign-key checks take
            return " FOR NO KEY UPDATE";
        }

        @Override
        String ilike(String column) {
            return column + " ILIKE ?";
        }

        @Override
        String existsFence() {
            return " OFFSET 0";
        }

        /**
         * One index probe per run, whatever the planner believes: on tables without statistics (no
         * ANALYZE yet, or autovacuum off) PostgreSQL answered {@code run_uuid IN (100 ids)} on 1.8 million
         * params with a sequential scan (300 ms instead of 2). The fenced LATERAL subquery cannot be
         * flattened into a join, and the array keeps one statement text for any page size.
         */
        @Override
        SqlStatement rowsOfRuns(String table, List<String> runIds) {
            return new SqlStatement().append(" FROM unnest(?) AS ids(id) CROSS JOIN LATERAL (SELECT * FROM " + table
                    + " t WHERE t.run_uuid = ids.id OFFSET 0) x", (Object) runIds.toArray(String[]::new));
        }

        /** Binary rows from the first execution on (the driver switches only after five by default). */
        @Override
        PreparedStatement prepareLongRead(Connection c, String ansi) throws SQLException {
            PreparedStatement ps = super.prepareLongRead(c, ansi);
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
            return ps;
        }

        /**
         * The common case, all keys new, costs one statement and no lookup. A lookup of the run's
         * existing keys first ({@code run_uuid = ? AND "key" IN (...)}) was answered, on tables without
         * statistics (no autovacuum yet, or none at all), through index_params_run_uuid: every param of
         * the run read and compared with every listed key, 28 times slower than SQLite for 100-param
         * batches into a run holding thousands. The conflict check here probes the primary key, and the
         * arrays keep the statement text the same for any batch size. Rewritten batches could not say
         * how many rows were skipped.
         */
        @Override
        int insertNewParams(Connection c, String runId, Collection<Param> params) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO params (\"key\", value, run_uuid)"
                    + " SELECT k, v, ? FROM unnest(?, ?) AS t(k, v) ON CONFLICT (\"key\", run_uuid) DO NOTHING")) {
                ps.setString(1, runId);
                ps.setArray(2, c.createArrayOf("varchar", params.stream().map(Param::key).toArray()));
                ps.setArray(3, c.createArrayOf("varchar", params.stream().map(Param::value).toArray()));
                return ps.executeUpdate();
            }
        }

        /** One array parameter instead of an IN list: one statement text for any number of keys. */
        @Override
        SqlStatement appendTextIn(SqlStatement statement, String column, Collection<String> values) {
            return statement.append(column + " = ANY(?)", (Object) values.toArray(String[]::new));
        }

        @Override
        String codePointOrder(String column) {
            return column + " COLLATE \"C\"";
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            return "23505".equals(e.getSQLState());
        }

        @Override
        String name() {
            return "PostgreSQL";
        }
    }

    /**
     * MySQL and MariaDB. MLflow-created tables usually have a case-insensitive collation, so every
     * text comparison names a binary one explicitly; MariaDB's NO PAD variant also keeps trailing
     * spaces significant.
     */
    static final class MySql extends SqlDialect {
        private final String binary;

        MySql(boolean mariaDb) {
            this.binary = mariaDb ? "utf8mb4_nopad_bin" : "utf8mb4_bin";
        }

        @Override
        String migrationFolder() {
            return "mysql";
        }

        @Override
        String sql(String ansi) {
            return ansi.replace('"', '`');
        }

        @Override
        String insertIgnoringDuplicates(String table, String columns, String values, String keyColumns) {
            // ON DUPLICATE KEY rather than INSERT IGNORE, which would also swallow truncation errors
            String first = keyColumns.split(",")[0].trim();
            return sql("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON DUPLICATE KEY UPDATE "
                    + first + " = " + first);
        }

        @Override
        String onConflictUpdate(String keyColumns) {
            return " ON DUPLICATE KEY UPDATE ";
        }

        @Override
        String insertedValue(String column) {
            return "VALUES(" + column + ")";
        }

        @Override
        String integerDivision(String dividend, String divisor) {
            return dividend + " DIV " + divisor; // "/" is decimal division here
        }

        /**
         * By the primary key ({@code key}, {@code run_uuid}): MariaDB otherwise picks the run_uuid index and
         * reads every param of the run, 7 ms for a run with 77,000 params against 0.2 ms this way.
         */
        @Override
        String paramsByKeySource() {
            return "params FORCE INDEX (PRIMARY)";
        }

        @Override
        String metricHistorySource() {
            // MariaDB prefers the primary key (which starts with the metric key) and then sorts the
            // whole history; the history index returns it already ordered
            return "metrics FORCE INDEX (cairn_metrics_history)";
        }

        @Override
        String textEquals(String column) {
            return column + " = ? COLLATE " + binary;
        }

        @Override
        String like(String column) {
            return column + " LIKE ? COLLATE " + binary;
        }

        @Override
        String ilike(String column) {
            return "LOWER(" + column + ") LIKE LOWER(?) COLLATE " + binary;
        }

        @Override
        String codePointOrder(String column) {
            return column + " COLLATE " + binary;
        }

        /**
         * The driver sends every autocommit switch to the server: {@code set autocommit=0}, {@code COMMIT},
         * {@code set autocommit=1} is three statements where {@code START TRANSACTION}, {@code COMMIT} is
         * two, and each statement costs MariaDB 0.1-0.2 ms here.
         */
        @Override
        boolean transactionsByStatement() {
            return true;
        }

        /**
         * One {@code INSERT ... SELECT} of the keys the run does not have yet (probed by the primary key,
         * compared in the column's own collation as the key is), so the affected-row count is exactly the
         * number inserted. {@code ON DUPLICATE KEY} cannot say that: the driver reports found rows, not
         * changed ones, and {@code INSERT IGNORE} would also swallow truncation errors.
         */
        @Override
        int insertNewParams(Connection c, String runId, Collection<Param> params) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO params (`key`, value, run_uuid) SELECT t.k, t.v, ? FROM "
                    + paramRows(params.size()) + " WHERE NOT EXISTS (SELECT 1 FROM params p WHERE p.`key` = t.k AND p.run_uuid = ?)")) {
                ps.setString(1, runId);
                ps.setString(bindParamRows(ps, 2, params), runId);
                return ps.executeUpdate();
            }
        }

        /**
         * A server-side prepared statement, whose rows come in the binary protocol: 100,000 history rows
         * read in 40-46 ms against 112-116 ms as text. Only here: for the many small statements of
         * everything else, server-side preparing was no faster.
         */
        @Override
        PreparedStatement prepareLongRead(Connection c, String ansi) throws SQLException {
            PreparedStatement ps = c.unwrap(org.mariadb.jdbc.Connection.class).prepareInternal(sql(ansi), java.sql.Statement.NO_GENERATED_KEYS,
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, true);
            ps.setFetchSize(10_000);
            return ps;
        }

        /**
         * The two-statement way is eleven statements for a batch of ten keys on MariaDB: a batch of
         * {@code UPDATE}s is not rewritten into one, and each costs 0.1-0.2 ms here. This is one multi-row
         * statement. {@code c} compares the new point with the stored one; the columns are assigned
         * {@code is_nan}, {@code value}, {@code timestamp}, {@code step} in this order because MySQL lets a
         * later assignment see the earlier ones: {@code c} then changes only where the column it guards keeps
         * its value either way (a new value equal in step and timestamp), so every column follows the first test.
         */
        @Override
        String latestMetricUpsert() {
            String c = "(VALUES(step) > step OR (VALUES(step) = step AND (timestamp IS NULL OR VALUES(timestamp) > timestamp"
                    + " OR (VALUES(timestamp) = timestamp AND VALUES(value) > value))))";
            return "INSERT INTO latest_metrics (`key`, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE is_nan = IF(" + c + ", VALUES(is_nan), is_nan), value = IF(" + c + ", VALUES(value), value),"
                    + " timestamp = IF(" + c + ", VALUES(timestamp), timestamp), step = IF(" + c + ", VALUES(step), step)";
        }

        @Override
        boolean writesNewParamsInOneStatement() {
            return true;
        }

        /**
         * A params-only log-batch of new keys (the usual {@code log_params}) is this one statement instead
         * of four (begin, run lock, insert, commit): MariaDB spends ~0.15 ms of CPU per statement on these
         * machines. (Leaving out the existing-key test and letting the primary key fail the statement was
         * slower with eight writers, 850-990 against 1,180-1,260 log-batches/s.)
         */
        @Override
        int insertParamsIfAllNew(Connection c, String runId, Collection<Param> params) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO params (`key`, value, run_uuid) SELECT t.k, t.v, r.run_uuid FROM "
                    + paramRows(params.size()) + " JOIN runs r ON r.run_uuid = ? AND r.lifecycle_stage = 'active' WHERE NOT EXISTS"
                    + " (SELECT 1 FROM params p FORCE INDEX (PRIMARY) WHERE p.run_uuid = ? AND p.`key` IN "
                    + SqlStatement.placeholders(params.size()) + ")")) {
                int i = bindParamRows(ps, 1, params);
                ps.setString(i++, runId);
                ps.setString(i++, runId);
                for (Param p : params) {
                    ps.setString(i++, p.key());
                }
                return ps.executeUpdate();
            }
        }

        /** A derived table {@code t(k, v)} of n bound rows. */
        private static String paramRows(int n) {
            StringBuilder rows = new StringBuilder("(");
            for (int i = 0; i < n; i++) {
                rows.append(i == 0 ? "SELECT ? AS k, ? AS v" : " UNION ALL SELECT ?, ?");
            }
            return rows.append(") t").toString();
        }

        private static int bindParamRows(PreparedStatement ps, int first, Collection<Param> params) throws SQLException {
            int i = first;
            for (Param p : params) {
                ps.setString(i++, p.key());
                ps.setString(i++, p.value());
            }
            return i;
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            return e.getErrorCode() == 1062 || e.getErrorCode() == 1586;
        }

        @Override
        boolean isRetryable(SQLException e) {
            return super.isRetryable(e) || e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
        }

        @Override
        String name() {
            return "MySQL/MariaDB";
        }
    }
}
