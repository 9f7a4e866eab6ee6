package dev.cairn.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.ExperimentSearch;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchFilter;
import dev.cairn.core.search.SearchParser;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.MetricOutline;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compatibility with MLflow 2.17.2's SQL tracking databases, both ways, run against each dialect by
 * a subclass that hands out scratch databases:
 * <ul>
 *   <li>a database MLflow created (its fixture script, with data in MLflow's encodings) is served:
 *       every experiment, run, metric point (NaN and ±Infinity included), param, tag and dataset
 *       input reads back as MLflow stored it, new runs are written in MLflow's encodings, and all of
 *       it survives reopening;</li>
 *   <li>a database Cairn created has MLflow's layout, so MLflow can open it: the same tables,
 *       columns (type, size, nullability, default, auto-increment), primary keys and indexes as the
 *       fixture, as the JDBC driver reports them, plus only the Cairn objects listed by the subclass,
 *       and alembic_version at MLflow's head.</li>
 * </ul>
 */
abstract class MlflowDatabaseContract {
    static final RunId MLFLOW_RUN = RunId.of("a1b2c3d4e5f60718293a4b5c6d7e8f90");
    static final RunId OLD_STYLE_RUN = RunId.of("00000000000000000000000000000042");
    static final RunId DELETED_RUN = RunId.of("0000000000000000000000000000dead");
    /** How MLflow stores ±Infinity: SQL has no infinities in every dialect, so the largest double. */
    static final double MLFLOW_INFINITY = 1.7976931348623157e308;

    /** A scratch database: how JDBC reaches it and the tracking URI Cairn opens it by. */
    record Scratch(String jdbcUrl, String user, String password, String trackingUri) {
        Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, user, password);
        }
    }

    @TempDir
    Path dir;

    /** A new empty database, dropped by the subclass after the test. */
    protected abstract Scratch newDatabase();

    /** The MLflow fixture script of this dialect. */
    protected abstract String fixture();

    /**
     * Cairn's own indexes on MLflow's tables, as "table.index": the only indexes a Cairn-created
     * database may have beyond MLflow's.
     */
    protected abstract Set<String> cairnIndexes();

    /** The column {@code key}, quoted for this dialect (a reserved word in MySQL and SQL). */
    protected String key() {
        return "\"key\"";
    }

    /**
     * MLflow's indexes, as "table.index", that a Cairn-created database lacks on purpose; each
     * subclass says why its entries are harmless.
     */
    protected Set<String> mlflowIndexesCairnLacks() {
        return Set.of();
    }

    private TrackingStore open(Scratch db) {
        return TrackingStores.open(TrackingUri.parse(db.trackingUri()), new StoreConfig(null, dir));
    }

    private Scratch mlflowDatabase() throws SQLException {
        Scratch db = newDatabase();
        try (Connection c = db.connect()) {
            MlflowFixtures.load(c, fixture());
        }
        return db;
    }

    @Test
    void databaseCreatedByMlflowIsServedWrittenAndReopened() throws Exception {
        Scratch db = mlflowDatabase();
        RunId cairnRun;
        try (TrackingStore store = open(db)) {
            assertMlflowDataReads(store);

            // writing: into MLflow's run, a new run with every special value, a new experiment
            store.logMetric(MLFLOW_RUN, new Metric("loss", 0.2, 1700000006000L, 2));
            cairnRun = store.createRun(new CreateRunRequest(ExperimentId.of("1"), "dave", 1700000010000L,
                    List.of(new Tag("mlflow.source.type", "LOCAL")), "cairn-run")).info().runId();
            store.logBatch(cairnRun,
                    List.of(new Metric("nan", Double.NaN, 1700000011000L, 0),
                            new Metric("inf", Double.POSITIVE_INFINITY, 1700000011000L, 0),
                            new Metric("ninf", Double.NEGATIVE_INFINITY, 1700000011000L, 0),
                            new Metric("acc", 0.5, 1700000011000L, 0), new Metric("acc", 0.75, 1700000012000L, 1)),
                    List.of(new Param("lr", "0.02")), List.of(new Tag("note", "written by Cairn")));
            assertThat(store.createExperiment("cairn-made", null, List.of()).value()).isEqualTo("2");
        }

        // what Cairn wrote is stored as MLflow stores it
        assertThat(rows(db, "SELECT " + key() + ", value, is_nan FROM metrics WHERE run_uuid = '" + cairnRun.value()
                + "' AND " + key() + " IN ('nan', 'inf', 'ninf') ORDER BY " + key()))
                .containsExactly("inf|" + MLFLOW_INFINITY + "|false", "nan|0.0|true", "ninf|" + -MLFLOW_INFINITY + "|false");
        assertThat(rows(db, "SELECT " + key() + ", value, step, is_nan FROM latest_metrics WHERE run_uuid = '"
                + cairnRun.value() + "' AND " + key() + " = 'acc'")).containsExactly("acc|0.75|1|false");
        assertThat(rows(db, "SELECT name, status, lifecycle_stage, experiment_id, user_id FROM runs WHERE run_uuid = '"
                + cairnRun.value() + "'")).containsExactly("cairn-run|RUNNING|active|1|dave");
        assertThat(rows(db, "SELECT experiment_id, name, lifecycle_stage FROM experiments ORDER BY experiment_id"))
                .containsExactly("0|Default|active", "1|mlflow-made|active", "2|cairn-made|active");
        assertThat(rows(db, "SELECT version_num FROM alembic_version")).containsExactly(SqlSchema.MLFLOW_ALEMBIC_REVISION);
        // MLflow's schema was taken as the baseline; only Cairn's own migrations ran on top of it
        List<String> history = rows(db, "SELECT version, type FROM " + SqlSchema.HISTORY_TABLE + " ORDER BY installed_rank");
        assertThat(history.get(0)).isEqualTo("1|BASELINE");
        assertThat(history.subList(1, history.size())).isNotEmpty().allSatisfy(row -> assertThat(row).endsWith("|SQL"));

        // and everything reads back after reopening
        try (TrackingStore store = open(db)) {
            assertThat(store.getMetricHistory(MLFLOW_RUN, "loss", 10, PageToken.FIRST).items()).containsExactly(
                    new Metric("loss", 0.9, 1700000004000L, 0), new Metric("loss", 0.4, 1700000005000L, 1),
                    new Metric("loss", 0.2, 1700000006000L, 2));
            Run run = store.getRun(cairnRun);
            assertThat(run.info().runName()).isEqualTo("cairn-run");
            assertThat(run.info().experimentId()).isEqualTo(ExperimentId.of("1"));
            assertThat(run.data().metrics()).extracting(Metric::key).containsExactly("acc", "inf", "nan", "ninf");
            assertThat(run.data().metrics()).extracting(Metric::value)
                    .containsExactly(0.75, Double.POSITIVE_INFINITY, Double.NaN, Double.NEGATIVE_INFINITY);
            assertThat(run.data().params()).containsExactly(new Param("lr", "0.02"));
            assertThat(run.data().tags()).contains(new Tag("note", "written by Cairn"), new Tag("mlflow.source.type", "LOCAL"));
            assertThat(store.getMetricHistory(cairnRun, "acc", 10, PageToken.FIRST).items()).extracting(Metric::value)
                    .containsExactly(0.5, 0.75);
            assertThat(searchRunIds(store, "metrics.nan != 0", "metrics.acc DESC")).containsExactly(cairnRun);
            assertThat(searchRunIds(store, "", "metrics.loss ASC")).containsExactly(MLFLOW_RUN, OLD_STYLE_RUN, cairnRun);
            assertThat(store.getExperimentByName("cairn-made")).map(Experiment::experimentId).contains(ExperimentId.of("2"));
        }
    }

    /** Every row of the fixture, read through Cairn. */
    private static void assertMlflowDataReads(TrackingStore store) {
        List<Experiment> experiments = store.searchExperiments(new ExperimentSearch(SearchFilter.ALL, ViewType.ALL, 10,
                List.of(), PageToken.FIRST)).items();
        assertThat(experiments).extracting(e -> e.experimentId().value()).containsExactlyInAnyOrder("0", "1");
        Experiment def = store.getExperiment(ExperimentId.DEFAULT);
        assertThat(def.name()).isEqualTo("Default");
        assertThat(def.artifactLocation()).isEqualTo("/srv/mlruns/0");
        Experiment made = store.getExperimentByName("mlflow-made").orElseThrow();
        assertThat(made.experimentId()).isEqualTo(ExperimentId.of("1"));
        assertThat(made.artifactLocation()).isEqualTo("/srv/mlruns/1");
        assertThat(made.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(made.creationTime()).isEqualTo(1700000001000L);
        assertThat(made.lastUpdateTime()).isEqualTo(1700000001000L);
        assertThat(made.tags()).containsExactly(new Tag("mlflow.note.content", "made by MLflow"));

        // runs, newest first, the deleted one only when asked for
        assertThat(searchRunIds(store, ViewType.ACTIVE_ONLY)).containsExactly(OLD_STYLE_RUN, MLFLOW_RUN);
        assertThat(searchRunIds(store, ViewType.ALL)).containsExactly(OLD_STYLE_RUN, MLFLOW_RUN, DELETED_RUN);

        Run run = store.getRun(MLFLOW_RUN);
        assertThat(run.info().runName()).isEqualTo("brave-fox-12");
        assertThat(run.info().userId()).isEqualTo("alice");
        assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.info().startTime()).isEqualTo(1700000002000L);
        assertThat(run.info().endTime()).isEqualTo(1700000009000L);
        assertThat(run.info().artifactUri()).isEqualTo("/srv/mlruns/1/a1b2c3d4e5f60718293a4b5c6d7e8f90/artifacts");
        assertThat(run.info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(run.data().params()).containsExactly(new Param("layers", "3"), new Param("lr", "0.01"));
        assertThat(run.data().tags()).contains(new Tag("mlflow.runName", "brave-fox-12"), new Tag("mlflow.user", "alice"));
        assertThat(run.data().metrics()).containsExactly(
                new Metric("floor", Double.NEGATIVE_INFINITY, 1700000005000L, 1),
                new Metric("gap", Double.NaN, 1700000005000L, 1),
                new Metric("loss", 0.4, 1700000005000L, 1),
                new Metric("peak", Double.POSITIVE_INFINITY, 1700000005000L, 1));
        assertThat(run.inputs().datasetInputs()).singleElement().satisfies(input -> {
            assertThat(input.dataset().name()).isEqualTo("iris");
            assertThat(input.dataset().digest()).isEqualTo("abc123");
            assertThat(input.dataset().source()).isEqualTo("{\"uri\": \"/data/iris.csv\"}");
            assertThat(input.tags()).containsExactly(new Tag("mlflow.data.context", "training"));
        });

        // every metric point, in MLflow's encodings
        assertThat(store.getMetricHistory(MLFLOW_RUN, "loss", 10, PageToken.FIRST).items()).containsExactly(
                new Metric("loss", 0.9, 1700000004000L, 0), new Metric("loss", 0.4, 1700000005000L, 1));
        assertThat(store.getMetricHistory(MLFLOW_RUN, "gap", 10, PageToken.FIRST).items()).singleElement()
                .satisfies(m -> assertThat(m.value()).isNaN());
        assertThat(store.getMetricHistory(MLFLOW_RUN, "peak", 10, PageToken.FIRST).items()).extracting(Metric::value)
                .containsExactly(Double.POSITIVE_INFINITY);
        assertThat(store.getMetricHistory(MLFLOW_RUN, "floor", 10, PageToken.FIRST).items()).extracting(Metric::value)
                .containsExactly(Double.NEGATIVE_INFINITY);
        // MLflow's histories got their outline when Cairn first upgraded the database (infinities are not finite values)
        assertThat(store.metricOutline(MLFLOW_RUN, "loss", 100).orElseThrow().buckets())
                .containsExactly(new MetricOutline.Bucket(2, 0, 1, 1700000004000L, 1700000005000L, 0.4, 0.9));
        assertThat(store.metricOutline(MLFLOW_RUN, "peak", 100).orElseThrow().buckets())
                .containsExactly(new MetricOutline.Bucket(1, 1, 1, 1700000005000L, 1700000005000L, Double.NaN, Double.NaN));

        // a run from before run names were a column keeps its name in the tag only
        Run old = store.getRun(OLD_STYLE_RUN);
        assertThat(old.info().runName()).isEqualTo("old-style-name");
        assertThat(old.info().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(old.info().endTime()).isNull();
        assertThat(old.data().metrics()).containsExactly(new Metric("loss", 0.7, 1700000004500L, 0));

        Run deleted = store.getRun(DELETED_RUN);
        assertThat(deleted.info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(deleted.info().status()).isEqualTo(RunStatus.KILLED);

        // search over MLflow's rows: filters and the NaN / missing ordering
        assertThat(searchRunIds(store, "datasets.context = 'training' AND metrics.loss < 0.5", "")).containsExactly(MLFLOW_RUN);
        assertThat(searchRunIds(store, "metrics.peak > 1e300 AND metrics.floor < -1e300", "")).containsExactly(MLFLOW_RUN);
        assertThat(searchRunIds(store, "metrics.gap != 1", "")).containsExactly(MLFLOW_RUN);
        assertThat(searchRunIds(store, "", "metrics.loss DESC")).containsExactly(OLD_STYLE_RUN, MLFLOW_RUN);
        assertThat(searchRunIds(store, "", "metrics.gap DESC")).containsExactly(MLFLOW_RUN, OLD_STYLE_RUN);
    }

    private static List<RunId> searchRunIds(TrackingStore store, ViewType view) {
        return store.searchRuns(new RunSearch(List.of(ExperimentId.of("1")), SearchFilter.ALL, view, 100, List.of(),
                PageToken.FIRST)).items().stream().map(r -> r.info().runId()).toList();
    }

    private static List<RunId> searchRunIds(TrackingStore store, String filter, String orderBy) {
        return store.searchRuns(new RunSearch(List.of(ExperimentId.of("1")), SearchParser.parseRunFilter(filter),
                ViewType.ACTIVE_ONLY, 100, orderBy.isEmpty() ? List.of() : SearchParser.parseRunOrderBy(List.of(orderBy)),
                PageToken.FIRST)).items().stream().map(r -> r.info().runId()).toList();
    }

    @Test
    void databaseCreatedByCairnHasMlflowsLayout() throws Exception {
        Scratch cairnDb = newDatabase();
        try (TrackingStore store = open(cairnDb)) {
            assertThat(store.getExperiment(ExperimentId.DEFAULT).name()).isEqualTo("Default");
        }
        Scratch mlflowDb = mlflowDatabase();
        SchemaLayout cairn;
        SchemaLayout mlflow;
        try (Connection c = cairnDb.connect(); Connection m = mlflowDb.connect()) {
            cairn = SchemaLayout.read(c);
            mlflow = SchemaLayout.read(m);
        }

        Set<String> expectedTables = new TreeSet<>(mlflow.tables().keySet());
        expectedTables.addAll(SqlSchema.CAIRN_TABLES);
        assertThat(cairn.tables().keySet()).containsExactlyInAnyOrderElementsOf(expectedTables);
        assertThat(mlflow.tables()).hasSizeGreaterThanOrEqualTo(19);

        Map<String, Map<String, String>> cairnColumns = new TreeMap<>();
        Map<String, Map<String, String>> mlflowColumns = new TreeMap<>();
        Map<String, String> cairnKeys = new TreeMap<>();
        Map<String, String> mlflowKeys = new TreeMap<>();
        Map<String, Set<String>> cairnIndexes = new TreeMap<>();
        Map<String, Set<String>> mlflowIndexes = new TreeMap<>();
        Set<String> extraIndexesSeen = new TreeSet<>();
        mlflow.tables().forEach((name, table) -> {
            SchemaLayout.Table ours = cairn.tables().get(name);
            mlflowColumns.put(name, table.columns());
            cairnColumns.put(name, ours.columns());
            mlflowKeys.put(name, table.primaryKey());
            cairnKeys.put(name, ours.primaryKey());
            mlflowIndexes.put(name, table.indexes());
            Set<String> kept = new LinkedHashSet<>();
            for (String index : ours.indexes()) {
                String indexName = index.replaceFirst("^UNIQUE ", "").split(" ")[0];
                if (cairnIndexes().contains(name + "." + indexName)) {
                    extraIndexesSeen.add(name + "." + indexName);
                } else {
                    kept.add(index);
                }
            }
            cairnIndexes.put(name, new TreeSet<>(kept));
        });
        List<String> differences = new ArrayList<>();
        mlflowColumns.forEach((table, columns) -> differences.addAll(
                differences(table + " column ", columns, cairnColumns.get(table))));
        differences.addAll(differences("primary key of ", mlflowKeys, cairnKeys));
        Set<String> lackedSeen = new TreeSet<>();
        mlflowIndexes.forEach((table, indexes) -> {
            for (String index : indexes) {
                String indexName = index.replaceFirst("^UNIQUE ", "").split(" ")[0];
                if (mlflowIndexesCairnLacks().contains(table + "." + indexName)) {
                    lackedSeen.add(table + "." + indexName);
                    if (!cairnIndexes.get(table).contains(index)) {
                        continue;
                    }
                }
                if (!cairnIndexes.get(table).contains(index)) {
                    differences.add(table + " index " + index + ": missing in Cairn's schema");
                }
            }
            for (String index : cairnIndexes.get(table)) {
                if (!indexes.contains(index)) {
                    differences.add(table + " index " + index + ": only in Cairn's schema");
                }
            }
        });
        assertThat(differences).as("differences between Cairn's and MLflow's schema").isEmpty();
        assertThat(lackedSeen).containsExactlyInAnyOrderElementsOf(mlflowIndexesCairnLacks());
        // the allowance is exact: every listed Cairn index exists
        assertThat(extraIndexesSeen).containsExactlyInAnyOrderElementsOf(cairnIndexes());
        // the layout is not vacuous: MLflow's key columns are there as the driver reports them
        assertThat(mlflowColumns.get("metrics")).containsKeys("key", "value", "timestamp", "step", "is_nan", "run_uuid");
        assertThat(mlflowKeys.get("metrics")).endsWith("[key, timestamp, step, run_uuid, value, is_nan]");

        assertThat(rows(cairnDb, "SELECT version_num FROM alembic_version")).containsExactly(SqlSchema.MLFLOW_ALEMBIC_REVISION);
    }

    private static List<String> differences(String what, Map<String, String> mlflow, Map<String, String> cairn) {
        List<String> out = new ArrayList<>();
        Set<String> names = new TreeSet<>(mlflow.keySet());
        names.addAll(cairn.keySet());
        for (String name : names) {
            String theirs = mlflow.get(name);
            String ours = cairn.get(name);
            if (!java.util.Objects.equals(theirs, ours)) {
                out.add(what + name + ": MLflow " + theirs + ", Cairn " + ours);
            }
        }
        return out;
    }

    /** Rows as "a|b|c", booleans as true/false whichever way the dialect stores them. */
    static List<String> rows(Scratch db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    if (i > 1) {
                        row.append('|');
                    }
                    String label = rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
                    row.append(label.equals("is_nan") ? String.valueOf(rs.getBoolean(i))
                            : label.equals("value") ? String.valueOf(rs.getDouble(i))
                            : rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
