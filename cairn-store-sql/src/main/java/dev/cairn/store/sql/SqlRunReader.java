package dev.cairn.store.sql;

import dev.cairn.core.model.Dataset;
import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunData;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunInputs;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads runs with their params, tags, latest metrics and inputs: one query per table for a whole
 * page of runs (IN lists in chunks), never one per run.
 */
final class SqlRunReader {
    /** Run columns, aliased {@code r}, in the order {@link #info} reads them. */
    static final String RUN_COLUMNS =
            "r.run_uuid, r.experiment_id, r.name, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage";

    static final String RUN_NAME_TAG = "mlflow.runName";
    private static final int CHUNK = 500;

    private final SqlDialect dialect;

    SqlRunReader(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** Reads the {@link #RUN_COLUMNS} at the current row. */
    static RunInfo info(ResultSet rs) throws SQLException {
        long end = rs.getLong(7);
        Long endTime = rs.wasNull() ? null : end;
        String status = rs.getString(5);
        String stage = rs.getString(9);
        return new RunInfo(
                RunId.of(rs.getString(1)),
                ExperimentId.of(String.valueOf(rs.getLong(2))),
                rs.getString(3),
                rs.getString(4),
                status == null ? RunStatus.RUNNING : RunStatus.valueOf(status),
                rs.getLong(6),
                endTime,
                rs.getString(8),
                stage == null ? LifecycleStage.ACTIVE : LifecycleStage.fromWireName(stage));
    }

    /** Metric values as MLflow stores them: NaN as is_nan with value 0, ±Infinity as ±Double.MAX_VALUE. */
    static double storedValue(double value) {
        if (Double.isNaN(value)) {
            return 0.0;
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
        }
        return value;
    }

    static double loadedValue(double stored, boolean isNan) {
        if (isNan) {
            return Double.NaN;
        }
        if (stored == Double.MAX_VALUE) {
            return Double.POSITIVE_INFINITY;
        }
        if (stored == -Double.MAX_VALUE) {
            return Double.NEGATIVE_INFINITY;
        }
        return stored;
    }

    /** Completes run infos (in order) into runs. */
    List<Run> load(Connection c, List<RunInfo> infos) throws SQLException {
        if (infos.isEmpty()) {
            return List.of();
        }
        List<String> ids = infos.stream().map(i -> i.runId().value()).toList();
        Map<String, List<Param>> params = new HashMap<>();
        Map<String, List<Tag>> tags = new HashMap<>();
        Map<String, List<Metric>> metrics = new HashMap<>();
        Map<String, List<DatasetInput>> inputs = new HashMap<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            // one round trip instead of three (most of a GetRun on a server database is round trips);
            // column 1 names the table. The metric branch comes first so that its typed columns fix the
            // union's types (PostgreSQL types a column that is NULL in the first two branches as text).
            SqlStatement data = new SqlStatement()
                    .append("SELECT 0, x.run_uuid, x.\"key\", NULL, x.value, x.timestamp, x.step, x.is_nan")
                    .append(dialect.rowsOfRuns("latest_metrics", chunk))
                    .append(" UNION ALL SELECT 1, x.run_uuid, x.\"key\", x.value, NULL, NULL, NULL, NULL")
                    .append(dialect.rowsOfRuns("params", chunk))
                    .append(" UNION ALL SELECT 2, x.run_uuid, x.\"key\", x.value, NULL, NULL, NULL, NULL")
                    .append(dialect.rowsOfRuns("tags", chunk));
            try (PreparedStatement ps = data.prepare(c, dialect); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String run = rs.getString(2);
                    switch (rs.getInt(1)) {
                        case 0 -> metrics.computeIfAbsent(run, k -> new ArrayList<>()).add(new Metric(
                                rs.getString(3), loadedValue(rs.getDouble(5), rs.getBoolean(8)), rs.getLong(6), rs.getLong(7)));
                        case 1 -> params.computeIfAbsent(run, k -> new ArrayList<>()).add(new Param(rs.getString(3), nonNull(rs.getString(4))));
                        default -> tags.computeIfAbsent(run, k -> new ArrayList<>()).add(new Tag(rs.getString(3), nonNull(rs.getString(4))));
                    }
                }
            }
            loadInputs(c, chunk, inputs);
        }
        List<Run> runs = new ArrayList<>(infos.size());
        for (RunInfo info : infos) {
            String id = info.runId().value();
            List<Tag> runTags = sorted(tags.getOrDefault(id, List.of()), Comparator.comparing(Tag::key));
            RunInfo withName = info;
            if (info.runName() == null) {
                // MLflow databases from before run names were a column keep the name only in the tag
                for (Tag t : runTags) {
                    if (t.key().equals(RUN_NAME_TAG)) {
                        withName = new RunInfo(info.runId(), info.experimentId(), t.value(), info.userId(), info.status(),
                                info.startTime(), info.endTime(), info.artifactUri(), info.lifecycleStage());
                    }
                }
            }
            runs.add(new Run(withName,
                    new RunData(
                            sorted(metrics.getOrDefault(id, List.of()), Comparator.comparing(Metric::key)),
                            sorted(params.getOrDefault(id, List.of()), Comparator.comparing(Param::key)),
                            runTags),
                    new RunInputs(inputs.getOrDefault(id, List.of()))));
        }
        return runs;
    }

    private void loadInputs(Connection c, List<String> runIds, Map<String, List<DatasetInput>> out) throws SQLException {
        record Row(String runId, String inputId, Dataset dataset) {}
        List<Row> rows = new ArrayList<>();
        query(c, "SELECT i.destination_id, i.input_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source,"
                        + " d.dataset_schema, d.dataset_profile FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id"
                        + " WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id IN "
                        + SqlStatement.placeholders(runIds.size()),
                runIds, rs -> rows.add(new Row(rs.getString(1), rs.getString(2), new Dataset(rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))));
        if (rows.isEmpty()) {
            return;
        }
        Map<String, List<Tag>> inputTags = new HashMap<>();
        List<String> inputIds = rows.stream().map(Row::inputId).distinct().toList();
        for (int from = 0; from < inputIds.size(); from += CHUNK) {
            List<String> chunk = inputIds.subList(from, Math.min(inputIds.size(), from + CHUNK));
            query(c, "SELECT input_uuid, name, value FROM input_tags WHERE input_uuid IN " + SqlStatement.placeholders(chunk.size()),
                    chunk, rs -> inputTags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Tag(rs.getString(2), rs.getString(3))));
        }
        rows.sort(Comparator.comparing((Row r) -> r.dataset().name()).thenComparing(r -> r.dataset().digest()));
        Map<String, List<DatasetInput>> byRun = new LinkedHashMap<>();
        for (Row row : rows) {
            List<Tag> t = sorted(inputTags.getOrDefault(row.inputId(), List.of()), Comparator.comparing(Tag::key));
            byRun.computeIfAbsent(row.runId(), k -> new ArrayList<>()).add(new DatasetInput(t, row.dataset()));
        }
        out.putAll(byRun);
    }

    @FunctionalInterface
    interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    void query(Connection c, String sql, List<String> values, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.sql(sql))) {
            for (int i = 0; i < values.size(); i++) {
                ps.setString(i + 1, values.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static <T> List<T> sorted(List<T> list, Comparator<T> order) {
        if (list.size() < 2) {
            return list;
        }
        List<T> copy = new ArrayList<>(list);
        copy.sort(order);
        return copy;
    }
}
