package dev.cairn.store.sql;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * The schema of a Cairn SQL store: MLflow 2.17.2's tables (so MLflow can open the database, and a
 * database MLflow created can be served) plus Cairn's own indexes, versioned with Flyway.
 *
 * <p>A database MLflow created has {@code alembic_version} but no Cairn history; Flyway then records
 * MLflow's schema as baseline version 1 and applies only Cairn's later migrations. A database whose
 * schema is newer than this Cairn knows (a Cairn migration it lacks, or another MLflow revision) is
 * refused before anything is written.
 */
public final class SqlSchema {
    /** The alembic revision of MLflow 2.17.2's schema, which Cairn's tables match. */
    public static final String MLFLOW_ALEMBIC_REVISION = "f5a4f2784254";

    static final String HISTORY_TABLE = "cairn_schema_history";

    /** Tables Cairn adds beside MLflow's (MLflow neither reads nor writes them). */
    static final List<String> CAIRN_TABLES = List.of(HISTORY_TABLE, "cairn_metric_buckets");

    private SqlSchema() {}

    /** Creates or upgrades the schema of the database the URI names (for {@code cairn db upgrade}). */
    public static void upgrade(TrackingUri uri, StoreConfig config) {
        requireNonNull(uri, "uri is null");
        requireNonNull(config, "config is null");
        SqlLocation location = SqlLocation.parse(uri, config.workingDir());
        try (HikariDataSource dataSource = SqlDataSources.open(location)) {
            migrate(dataSource, dialectOf(dataSource, location), location);
        }
    }

    static SqlDialect dialectOf(DataSource dataSource, SqlLocation location) {
        return switch (location.kind()) {
            case SQLITE -> SqlDialect.SQLITE;
            case POSTGRESQL -> SqlDialect.POSTGRESQL;
            case MYSQL -> {
                try (Connection c = dataSource.getConnection()) {
                    String version = c.getMetaData().getDatabaseProductVersion();
                    String product = c.getMetaData().getDatabaseProductName();
                    yield SqlDialect.mysql((product + " " + version).toLowerCase().contains("mariadb"));
                } catch (SQLException e) {
                    throw SqlDataSources.unreachable(location, e);
                }
            }
        };
    }

    static void migrate(DataSource dataSource, SqlDialect dialect, SqlLocation location) {
        boolean fromMlflow;
        try (Connection c = dataSource.getConnection()) {
            boolean history = tableExists(c, HISTORY_TABLE);
            boolean alembic = tableExists(c, "alembic_version");
            boolean experiments = tableExists(c, "experiments");
            if (alembic) {
                checkAlembicRevision(c, location);
            }
            if (!history && experiments && !alembic) {
                throw new CairnException(ErrorCode.INVALID_STATE, "The database " + location.display()
                        + " has an 'experiments' table but neither MLflow's alembic_version nor Cairn's "
                        + HISTORY_TABLE + ": it was not created by MLflow or Cairn, so Cairn will not touch it."
                        + " Point the tracking URI at an empty or an MLflow database.");
            }
            fromMlflow = !history && alembic && experiments;
        } catch (SQLException e) {
            throw SqlDataSources.unreachable(location, e);
        }
        Flyway flyway = Flyway.configure(SqlSchema.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:dev/cairn/store/sql/migration/" + dialect.migrationFolder())
                .table(HISTORY_TABLE)
                .baselineOnMigrate(fromMlflow)
                .baselineVersion("1")
                .baselineDescription("MLflow " + MLFLOW_ALEMBIC_REVISION + " schema created by MLflow")
                .load();
        try {
            for (MigrationInfo info : flyway.info().all()) {
                if (info.getState() == MigrationState.FUTURE_SUCCESS || info.getState() == MigrationState.FUTURE_FAILED) {
                    throw new CairnException(ErrorCode.INVALID_STATE, "The tracking database " + location.display()
                            + " has schema version " + info.getVersion() + " (" + info.getDescription()
                            + "), newer than this version of Cairn knows. Upgrade Cairn to serve it; nothing was written.");
                }
                if (info.getState() == MigrationState.FAILED) {
                    throw new CairnException(ErrorCode.INVALID_STATE, "The tracking database " + location.display()
                            + " records a failed schema migration " + info.getVersion()
                            + ". Restore it from a backup or repair it before using it with Cairn.");
                }
            }
            flyway.migrate();
        } catch (FlywayException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR,
                    "Could not create or upgrade the schema of the tracking database " + location.display() + ": "
                            + e.getMessage(), e);
        }
    }

    private static void checkAlembicRevision(Connection c, SqlLocation location) throws SQLException {
        String revision = null;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version_num FROM alembic_version")) {
            if (rs.next()) {
                revision = rs.getString(1);
            }
        }
        if (revision != null && !revision.equals(MLFLOW_ALEMBIC_REVISION)) {
            throw new CairnException(ErrorCode.INVALID_STATE, "The tracking database " + location.display()
                    + " has MLflow schema revision " + revision + ", but this Cairn serves MLflow 2.17.2's schema (revision "
                    + MLFLOW_ALEMBIC_REVISION + "). If the database is older, upgrade it with MLflow 2.17.2's"
                    + " `mlflow db upgrade <uri>`; if it is newer, use a Cairn version that supports it. Nothing was written.");
        }
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String schema = c.getSchema();
        for (String name : new String[] {table, table.toUpperCase()}) {
            try (ResultSet rs = meta.getTables(c.getCatalog(), schema, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
