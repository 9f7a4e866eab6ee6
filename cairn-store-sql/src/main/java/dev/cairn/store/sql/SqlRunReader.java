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
import java.util.Optional;

/**
 * Reads runs with their params, tags, latest metrics and inputs: two queries for a whole page of runs
 * (IN lists in chunks), never one per run, sent together where the database allows it.
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
        Contents contents = new Contents();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            queryAll(c, List.of(dataQuery(chunk), inputsQuery(chunk)), List.of(contents::data, contents::input));
        }
        return contents.complete(c, infos);
    }

    /**
     * One run, or empty when no run has the id. Its row, its data and its inputs are three queries,
     * sent as one round trip where the database takes several statements at once: most of a GetRun on
     * a server database is round trips.
     */
    Optional<Run> loadOne(Connection c, RunId id) throws SQLException {
        List<String> ids = List.of(id.value());
        List<RunInfo> infos = new ArrayList<>(1);
        Contents contents = new Contents();
        SqlStatement row = new SqlStatement().append("SELECT " + RUN_COLUMNS + " FROM runs r WHERE r.run_uuid = ?", id.value());
        queryAll(c, List.of(row, dataQuery(ids), inputsQuery(ids)), List.of(rs -> infos.add(info(rs)), contents::data, contents::input));
        return infos.isEmpty() ? Optional.empty() : Optional.of(contents.complete(c, infos).get(0));
    }

    /**
     * Latest metrics, params and tags of some runs in one statement; column 1 names the table. The
     * metric branch comes first so that its typed columns fix the union's types (PostgreSQL types a
     * column that is NULL in the first two branches as text).
     */
    private SqlStatement dataQuery(List<String> runIds) {
        return new SqlStatement()
                .append("SELECT 0, x.run_uuid, x.\"key\", NULL, x.value, x.timestamp, x.step, x.is_nan")
                .append(dialect.rowsOfRuns("latest_metrics", runIds))
                .append(" UNION ALL SELECT 1, x.run_uuid, x.\"key\", x.value, NULL, NULL, NULL, NULL")
                .append(dialect.rowsOfRuns("params", runIds))
                .append(" UNION ALL SELECT 2, x.run_uuid, x.\"key\", x.value, NULL, NULL, NULL, NULL")
                .append(dialect.rowsOfRuns("tags", runIds));
    }

    private static SqlStatement inputsQuery(List<String> runIds) {
        return new SqlStatement().append("SELECT i.destination_id, i.input_uuid, d.name, d.digest, d.dataset_source_type,"
                        + " d.dataset_source, d.dataset_schema, d.dataset_profile FROM inputs i JOIN datasets d ON d.dataset_uuid ="
                        + " i.source_id WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id IN ")
                .appendList(runIds);
    }

    /**
     * Runs SELECTs in order, each one's rows to its handler: as one multi-statement round trip where
     * the dialect allows it, else one after the other.
     */
    private void queryAll(Connection c, List<SqlStatement> queries, List<RowHandler> handlers) throws SQLException {
        if (!dialect.sendsStatementsTogether()) {
            for (int i = 0; i < queries.size(); i++) {
                try (PreparedStatement ps = queries.get(i).prepare(c, dialect); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        handlers.get(i).row(rs);
                    }
                }
            }
            return;
        }
        SqlStatement all = new SqlStatement();
        for (SqlStatement q : queries) {
            all.append(all.isEmpty() ? "" : "; ").append(q);
        }
        try (PreparedStatement ps = all.prepare(c, dialect)) {
            ps.execute();
            for (RowHandler handler : handlers) {
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        handler.row(rs);
                    }
                }
                ps.getMoreResults();
            }
        }
    }

    /** What the queries above return, collected per run, then completed into runs. */
    private final class Contents {
        private record InputRow(String runId, String inputId, Dataset dataset) {}

        private final Map<String, List<Param>> params = new HashMap<>();
        private final Map<String, List<Tag>> tags = new HashMap<>();
        private final Map<String, List<Metric>> metrics = new HashMap<>();
        private final List<InputRow> inputs = new ArrayList<>();

        void data(ResultSet rs) throws SQLException {
            String run = rs.getString(2);
            switch (rs.getInt(1)) {
                case 0 -> metrics.computeIfAbsent(run, k -> new ArrayList<>()).add(new Metric(
                        rs.getString(3), loadedValue(rs.getDouble(5), rs.getBoolean(8)), rs.getLong(6), rs.getLong(7)));
                case 1 -> params.computeIfAbsent(run, k -> new ArrayList<>()).add(new Param(rs.getString(3), nonNull(rs.getString(4))));
                default -> tags.computeIfAbsent(run, k -> new ArrayList<>()).add(new Tag(rs.getString(3), nonNull(rs.getString(4))));
            }
        }

        void input(ResultSet rs) throws SQLException {
            inputs.add(new InputRow(rs.getString(1), rs.getString(2), new Dataset(rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8))));
        }

        /** The runs of these infos, in order; reads the input tags when there are inputs. */
        List<Run> complete(Connection c, List<RunInfo> infos) throws SQLException {
            Map<String, List<DatasetInput>> inputsByRun = inputsByRun(c);
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
                        new RunInputs(inputsByRun.getOrDefault(id, List.of()))));
            }
            return runs;
        }

        private Map<String, List<DatasetInput>> inputsByRun(Connection c) throws SQLException {
            if (inputs.isEmpty()) {
                return Map.of();
            }
            Map<String, List<Tag>> inputTags = new HashMap<>();
            List<String> inputIds = inputs.stream().map(InputRow::inputId).distinct().toList();
            for (int from = 0; from < inputIds.size(); from += CHUNK) {
                List<String> chunk = inputIds.subList(from, Math.min(inputIds.size(), from + CHUNK));
                query(c, "SELECT input_uuid, name, value FROM input_tags WHERE input_uuid IN " + SqlStatement.placeholders(chunk.size()),
                        chunk, rs -> inputTags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new Tag(rs.getString(2), rs.getString(3))));
            }
            List<InputRow> rows = new ArrayList<>(inputs);
            rows.sort(Comparator.comparing((InputRow r) -> r.dataset().name()).thenComparing(r -> r.dataset().digest()));
            Map<String, List<DatasetInput>> byRun = new LinkedHashMap<>();
            for (InputRow row : rows) {
                List<Tag> t = sorted(inputTags.getOrDefault(row.inputId(), List.of()), Comparator.comparing(Tag::key));
                byRun.computeIfAbsent(row.runId(), k -> new ArrayList<>()).add(new DatasetInput(t, row.dataset()));
            }
            return byRun;
        }
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
