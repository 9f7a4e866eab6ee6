package dev.cairn.store.sql;

import dev.cairn.core.store.DeletedRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The statements behind {@code cairn gc}: listing what is deleted and removing it for good, table by table
 * in MLflow's layout. Callers run the removals inside one write transaction, so a purge is all or nothing.
 *
 * <p>Child rows go first and every statement names its rows itself (no reliance on ON DELETE CASCADE):
 * MLflow's schema declares none for runs, and SQLite enforces foreign keys only when asked.
 */
final class SqlPurge {
    /** The runs of one experiment, as a sub-query taking the experiment id. */
    private static final String RUNS_OF_EXPERIMENT = "SELECT run_uuid FROM runs WHERE experiment_id = ?";

    private SqlPurge() {}

    /** Deleted runs deleted at or before {@code cutoff} (or at an unknown time), oldest first, unknown first. */
    static List<DeletedRun> deletedRuns(Connection c, long cutoff) throws SQLException {
        List<DeletedRun> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SqlRunReader.RUN_COLUMNS + ", r.deleted_time FROM runs r"
                + " WHERE r.lifecycle_stage = 'deleted' AND (r.deleted_time IS NULL OR r.deleted_time <= ?)")) {
            ps.setLong(1, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long deleted = rs.getLong(10);
                    out.add(new DeletedRun(SqlRunReader.info(rs), rs.wasNull() ? null : deleted));
                }
            }
        }
        // in Java: databases disagree on where NULLs sort
        out.sort(Comparator.comparing((DeletedRun r) -> r.deletedTime() == null ? Long.MIN_VALUE : r.deletedTime())
                .thenComparing(r -> r.info().runId().value()));
        return out;
    }

    /** Ids of deleted experiments last updated at or before {@code cutoff} (or at an unknown time). */
    static List<Long> deletedExperimentIds(Connection c, long cutoff) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT experiment_id FROM experiments"
                + " WHERE lifecycle_stage = 'deleted' AND (last_update_time IS NULL OR last_update_time <= ?)")) {
            ps.setLong(1, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** Removes one run's rows: input tags, inputs, metric outlines, latest metrics, metric history, params, tags, the run. */
    static void deleteRun(Connection c, String runUuid) throws SQLException {
        update(c, "DELETE FROM input_tags WHERE input_uuid IN"
                + " (SELECT input_uuid FROM inputs WHERE destination_type = 'RUN' AND destination_id = ?)", runUuid);
        update(c, "DELETE FROM inputs WHERE destination_type = 'RUN' AND destination_id = ?", runUuid);
        for (String table : List.of("cairn_metric_buckets", "latest_metrics", "metrics", "params", "tags", "runs")) {
            update(c, "DELETE FROM " + table + " WHERE run_uuid = ?", runUuid);
        }
    }

    /**
     * Removes an experiment's rows: its runs' rows (as {@link #deleteRun}, set-wise), its datasets and the inputs
     * that name them, its tags, its traces, and the experiment.
     */
    static void deleteExperiment(Connection c, long experimentId) throws SQLException {
        update(c, "DELETE FROM input_tags WHERE input_uuid IN (SELECT input_uuid FROM inputs"
                + " WHERE destination_type = 'RUN' AND destination_id IN (" + RUNS_OF_EXPERIMENT + "))", experimentId);
        update(c, "DELETE FROM inputs WHERE destination_type = 'RUN' AND destination_id IN (" + RUNS_OF_EXPERIMENT + ")",
                experimentId);
        for (String table : List.of("cairn_metric_buckets", "latest_metrics", "metrics", "params", "tags")) {
            update(c, "DELETE FROM " + table + " WHERE run_uuid IN (" + RUNS_OF_EXPERIMENT + ")", experimentId);
        }
        update(c, "DELETE FROM runs WHERE experiment_id = ?", experimentId);
        String datasets = "SELECT dataset_uuid FROM datasets WHERE experiment_id = ?";
        update(c, "DELETE FROM input_tags WHERE input_uuid IN (SELECT input_uuid FROM inputs"
                + " WHERE source_type = 'DATASET' AND source_id IN (" + datasets + "))", experimentId);
        update(c, "DELETE FROM inputs WHERE source_type = 'DATASET' AND source_id IN (" + datasets + ")", experimentId);
        update(c, "DELETE FROM datasets WHERE experiment_id = ?", experimentId);
        update(c, "DELETE FROM experiment_tags WHERE experiment_id = ?", experimentId);
        String traces = "SELECT request_id FROM trace_info WHERE experiment_id = ?";
        update(c, "DELETE FROM trace_tags WHERE request_id IN (" + traces + ")", experimentId);
        update(c, "DELETE FROM trace_request_metadata WHERE request_id IN (" + traces + ")", experimentId);
        update(c, "DELETE FROM trace_info WHERE experiment_id = ?", experimentId);
        update(c, "DELETE FROM experiments WHERE experiment_id = ?", experimentId);
    }

    private static void update(Connection c, String sql, Object value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, value);
            ps.executeUpdate();
        }
    }
}
