package dev.cairn.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.Tag;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchParser;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.TrackingUri;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema creation, serving a database MLflow created, and refusing what this version cannot serve. */
class SqlSchemaTest {
    private static final RunId MLFLOW_RUN = RunId.of("a1b2c3d4e5f60718293a4b5c6d7e8f90");

    @TempDir
    Path dir;

    private StoreConfig config() {
        return new StoreConfig(null, dir);
    }

    private TrackingStore open(String file) {
        return TrackingStores.open(TrackingUri.parse("sqlite:///" + file), config());
    }

    private Path file(String name) {
        return dir.resolve(name);
    }

    @Test
    void freshDatabaseGetsMlflowSchemaStampAndDefaultExperiment() throws Exception {
        try (TrackingStore store = open("fresh.db")) {
            Experiment def = store.getExperiment(ExperimentId.DEFAULT);
            assertThat(def.name()).isEqualTo("Default");
            assertThat(def.artifactLocation()).isEqualTo(dir.resolve("mlruns").toString() + "/0");
        }
        assertThat(queryStrings(file("fresh.db"), "SELECT version_num FROM alembic_version"))
                .containsExactly(SqlSchema.MLFLOW_ALEMBIC_REVISION);
        assertThat(queryStrings(file("fresh.db"), "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                .contains("experiments", "runs", "metrics", "latest_metrics", "params", "tags", "experiment_tags",
                        "datasets", "inputs", "input_tags", "registered_models", "model_versions", "registered_model_tags",
                        "model_version_tags", "registered_model_aliases", "trace_info", "trace_tags",
                        "trace_request_metadata", "alembic_version", SqlSchema.HISTORY_TABLE);
    }

    @Test
    void configuredArtifactRootIsUsedForNewExperiments() {
        try (TrackingStore store = TrackingStores.open(TrackingUri.parse("sqlite:///root.db"),
                new StoreConfig("mlflow-artifacts:/", dir))) {
            assertThat(store.getExperiment(ExperimentId.DEFAULT).artifactLocation()).isEqualTo("mlflow-artifacts:/0");
            ExperimentId id = store.createExperiment("e", null, List.of());
            assertThat(store.getExperiment(id).artifactLocation()).isEqualTo("mlflow-artifacts:/" + id.value());
        }
    }

    @Test
    void reopeningKeepsDataAndDoesNotMigrateAgain() {
        ExperimentId id;
        try (TrackingStore store = open("reopen.db")) {
            id = store.createExperiment("kept", null, List.of());
        }
        try (TrackingStore store = open("reopen.db")) {
            assertThat(store.getExperiment(id).name()).isEqualTo("kept");
        }
    }

    @Test
    void upgradeCreatesTheSchemaWithoutOpeningAStore() throws Exception {
        SqlSchema.upgrade(TrackingUri.parse("sqlite:///upgraded.db"), config());
        assertThat(queryStrings(file("upgraded.db"), "SELECT version FROM " + SqlSchema.HISTORY_TABLE + " ORDER BY installed_rank"))
                .containsExactly("1", "2", "3", "5");
    }

    @Test
    void inMemoryDatabaseWorks() {
        try (TrackingStore store = TrackingStores.open(TrackingUri.parse("sqlite:///:memory:"), config())) {
            ExperimentId id = store.createExperiment("in-memory", null, List.of());
            assertThat(store.getExperimentByName("in-memory")).map(Experiment::experimentId).contains(id);
        }
    }

    @Test
    void databaseCreatedByMlflowIsServed() throws Exception {
        Path db = file("mlflow.db");
        runScript(db, "/fixtures/mlflow-2.17.2-sqlite.sql");
        try (TrackingStore store = open("mlflow.db")) {
            Experiment experiment = store.getExperimentByName("mlflow-made").orElseThrow();
            assertThat(experiment.experimentId()).isEqualTo(ExperimentId.of("1"));
            assertThat(experiment.tags()).containsExactly(new Tag("mlflow.note.content", "made by MLflow"));

            Run run = store.getRun(MLFLOW_RUN);
            assertThat(run.info().runName()).isEqualTo("brave-fox-12");
            assertThat(run.data().params()).containsExactly(new Param("layers", "3"), new Param("lr", "0.01"));
            assertThat(run.data().metrics()).extracting(Metric::key).containsExactly("floor", "gap", "loss", "peak");
            assertThat(run.data().metrics().get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(run.data().metrics().get(1).value()).isNaN();
            assertThat(run.data().metrics().get(2).value()).isEqualTo(0.4);
            assertThat(run.data().metrics().get(3).value()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(run.inputs().datasetInputs()).singleElement().satisfies(input -> {
                assertThat(input.dataset().name()).isEqualTo("iris");
                assertThat(input.tags()).containsExactly(new Tag("mlflow.data.context", "training"));
            });
            // a run from before run names were a column keeps its name in the tag only
            assertThat(store.getRun(RunId.of("00000000000000000000000000000042")).info().runName()).isEqualTo("old-style-name");
            assertThat(store.getMetricHistory(MLFLOW_RUN, "loss", 10, PageToken.FIRST).items())
                    .extracting(Metric::value).containsExactly(0.9, 0.4);
            assertThat(store.searchRuns(new RunSearch(List.of(experiment.experimentId()),
                    SearchParser.parseRunFilter("datasets.context = 'training' AND metrics.loss < 0.5"), ViewType.ACTIVE_ONLY,
                    10, List.of(), PageToken.FIRST)).items()).extracting(r -> r.info().runId()).containsExactly(MLFLOW_RUN);

            // writing works and continues MLflow's id sequence
            store.logMetric(MLFLOW_RUN, new Metric("loss", 0.2, 1700000006000L, 2));
            assertThat(store.getRun(MLFLOW_RUN).data().metrics()).contains(new Metric("loss", 0.2, 1700000006000L, 2));
            assertThat(store.createExperiment("cairn-made", null, List.of()).value()).isEqualTo("2");
        }
        // MLflow's schema is recorded as the baseline; only Cairn's own migrations ran
        assertThat(queryStrings(db, "SELECT version || ':' || type FROM " + SqlSchema.HISTORY_TABLE + " ORDER BY installed_rank"))
                .containsExactly("1:BASELINE", "2:SQL", "3:SQL", "5:SQL");
        assertThat(queryStrings(db, "SELECT version_num FROM alembic_version")).containsExactly(SqlSchema.MLFLOW_ALEMBIC_REVISION);
    }

    @Test
    void newerCairnSchemaIsRefusedBeforeWriting() throws Exception {
        try (TrackingStore store = open("future.db")) {
            store.createExperiment("before", null, List.of());
        }
        Path db = file("future.db");
        execute(db, "INSERT INTO " + SqlSchema.HISTORY_TABLE + " (installed_rank, version, description, type, script,"
                + " checksum, installed_by, installed_on, execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
                + " 'V99__from_the_future.sql', 0, 'someone', CURRENT_TIMESTAMP, 1, 1)");
        List<String> before = queryStrings(db, "SELECT name FROM sqlite_master ORDER BY name");
        assertThatThrownBy(() -> open("future.db"))
                .isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessageContaining("sqlite:///future.db")
                .hasMessageContaining("newer than this version of Cairn")
                .hasMessageContaining("Upgrade Cairn");
        assertThat(queryStrings(db, "SELECT name FROM sqlite_master ORDER BY name")).isEqualTo(before);
        assertThat(queryStrings(db, "SELECT name FROM experiments ORDER BY name")).containsExactly("Default", "before");
    }

    @Test
    void otherMlflowRevisionIsRefusedBeforeWriting() throws Exception {
        Path db = file("mlflow-newer.db");
        runScript(db, "/fixtures/mlflow-2.17.2-sqlite.sql");
        execute(db, "UPDATE alembic_version SET version_num = '0584bdc529eb'");
        assertThatThrownBy(() -> open("mlflow-newer.db"))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("0584bdc529eb")
                .hasMessageContaining("mlflow db upgrade");
        assertThat(queryStrings(db, "SELECT name FROM sqlite_master WHERE name = '" + SqlSchema.HISTORY_TABLE + "'")).isEmpty();
    }

    @Test
    void foreignExperimentsTableIsNotTouched() throws Exception {
        Path db = file("foreign.db");
        execute(db, "CREATE TABLE experiments (id INTEGER, title TEXT)");
        assertThatThrownBy(() -> open("foreign.db"))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("not created by MLflow or Cairn");
        assertThat(queryStrings(db, "SELECT name FROM sqlite_master ORDER BY name")).containsExactly("experiments");
    }

    @Test
    void missingDirectoryIsReportedClearly() {
        assertThatThrownBy(() -> open("no/such/dir/x.db"))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("does not exist");
    }

    static void runScript(Path db, String resource) throws IOException, SQLException {
        String script;
        try (InputStream in = SqlSchemaTest.class.getResourceAsStream(resource)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> statements = new ArrayList<>();
        for (String line : script.split("\n")) {
            if (!line.startsWith("--") && !line.isBlank()) {
                statements.add(line.trim().replaceAll(";$", ""));
            }
        }
        execute(db, statements.toArray(String[]::new));
    }

    static void execute(Path db, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    static List<String> queryStrings(Path db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
