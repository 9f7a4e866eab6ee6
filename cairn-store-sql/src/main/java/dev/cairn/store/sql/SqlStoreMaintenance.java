package dev.cairn.store.sql;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.Tag;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole-store maintenance of a SQL store for {@code cairn relocate} and {@code cairn migrate}: operations
 * that rewrite recorded data in place, which the {@code TrackingStore} SPI deliberately does not offer.
 * Each operation is one transaction, so a crash leaves either the old or the new locations, never a mix.
 *
 * <p>It opens its own small connection pool on the URI's database and expects the schema to exist
 * (open the store once first, which creates it).
 */
public final class SqlStoreMaintenance implements AutoCloseable {
    /** One recorded artifact location that a relocation changes (or would change, in a dry run). */
    public record LocationChange(String entity, String id, String oldLocation, String newLocation) {}

    private final HikariDataSource dataSource;
    private final SqlExecutor db;
    private final SqlDialect dialect;
    private final SqlLocation location;

    private SqlStoreMaintenance(HikariDataSource dataSource, SqlDialect dialect, SqlLocation location) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.location = location;
        this.db = new SqlExecutor(dataSource, dialect, location);
    }

    public static SqlStoreMaintenance open(TrackingUri uri, StoreConfig config) {
        requireNonNull(uri, "uri is null");
        requireNonNull(config, "config is null");
        SqlLocation location = SqlLocation.parse(uri, config.workingDir());
        HikariDataSource dataSource = SqlDataSources.open(location);
        try {
            return new SqlStoreMaintenance(dataSource, SqlSchema.dialectOf(dataSource, location), location);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * Rewrites every experiment {@code artifact_location} and run {@code artifact_uri} that equals {@code from}
     * or starts with {@code from + "/"} so that it starts with {@code to} instead, in one transaction.
     * Matching is by whole path segments, so {@code /data/mlruns} never matches {@code /data/mlruns2}.
     *
     * @return the changes, in experiment-then-run order; nothing is written when {@code dryRun}
     */
    public List<LocationChange> relocateArtifactLocations(String from, String to, boolean dryRun) {
        String oldPrefix = stripTrailingSlash(requireNonNull(from, "from is null"));
        String newPrefix = stripTrailingSlash(requireNonNull(to, "to is null"));
        if (oldPrefix.isEmpty()) {
            throw CairnException.invalidParameter("The location prefix to relocate from is empty.");
        }
        SqlExecutor.Work<List<LocationChange>> work = c -> {
            List<LocationChange> changes = new ArrayList<>();
            collect(c, "SELECT experiment_id, artifact_location FROM experiments ORDER BY experiment_id", "experiment",
                    oldPrefix, newPrefix, changes);
            collect(c, "SELECT run_uuid, artifact_uri FROM runs ORDER BY run_uuid", "run", oldPrefix, newPrefix, changes);
            if (!dryRun) {
                try (PreparedStatement experiments = c.prepareStatement(
                                "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?");
                        PreparedStatement runs = c.prepareStatement("UPDATE runs SET artifact_uri = ? WHERE run_uuid = ?")) {
                    for (LocationChange change : changes) {
                        if (change.entity().equals("experiment")) {
                            experiments.setString(1, change.newLocation());
                            experiments.setLong(2, Long.parseLong(change.id()));
                            experiments.addBatch();
                        } else {
                            runs.setString(1, change.newLocation());
                            runs.setString(2, change.id());
                            runs.addBatch();
                        }
                    }
                    experiments.executeBatch();
                    runs.executeBatch();
                }
            }
            return changes;
        };
        return dryRun ? db.read(work) : db.write(work);
    }

    private static void collect(Connection c, String query, String entity, String from, String to, List<LocationChange> out)
            throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                String current = rs.getString(2);
                String moved = relocated(current, from, to);
                if (moved != null) {
                    out.add(new LocationChange(entity, rs.getString(1), current, moved));
                }
            }
        }
    }

    /** The location under {@code to}, or null when {@code location} is not under {@code from}. */
    static String relocated(String location, String from, String to) {
        if (location == null) {
            return null;
        }
        if (location.equals(from)) {
            return to;
        }
        if (location.startsWith(from + "/")) {
            return to + location.substring(from.length());
        }
        return null;
    }

    /**
     * Replaces the recorded name, artifact location, lifecycle stage, times and tags of an existing
     * experiment, in one transaction. Used by {@code cairn migrate} only for the empty "Default" experiment a
     * new store creates by itself, which the source's experiment 0 then takes over.
     */
    public void overwriteExperiment(Experiment experiment) {
        requireNonNull(experiment, "experiment is null");
        long id;
        try {
            id = Long.parseLong(experiment.experimentId().value());
        } catch (NumberFormatException e) {
            throw CairnException.invalidParameter("Experiment id %s is not a number.", experiment.experimentId());
        }
        db.write(c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE experiments SET name = ?, artifact_location = ?,"
                    + " lifecycle_stage = ?, creation_time = ?, last_update_time = ? WHERE experiment_id = ?")) {
                ps.setString(1, experiment.name());
                ps.setString(2, experiment.artifactLocation());
                ps.setString(3, experiment.lifecycleStage().wireName());
                ps.setLong(4, experiment.creationTime());
                ps.setLong(5, experiment.lastUpdateTime());
                ps.setLong(6, id);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                throw CairnException.notFound("No experiment with id %s to overwrite.", experiment.experimentId());
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM experiment_tags WHERE experiment_id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            if (!experiment.tags().isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        dialect.sql("INSERT INTO experiment_tags (\"key\", value, experiment_id) VALUES (?, ?, ?)"))) {
                    for (Tag tag : experiment.tags()) {
                        ps.setString(1, tag.key());
                        ps.setString(2, tag.value());
                        ps.setLong(3, id);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    private static String stripTrailingSlash(String s) {
        return s.length() > 1 && s.endsWith("/") && !s.endsWith(":/") && !s.endsWith("://") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "SqlStoreMaintenance[" + location.display() + "]";
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
