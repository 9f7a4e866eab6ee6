package dev.cairn.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.model.Dataset;
import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.store.RunBundle;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Id-preserving import for {@code cairn migrate}, on SQLite (PostgreSQL: {@link PostgresImportIT}). */
class SqlImportTest {
    @TempDir
    Path dir;

    SqlTrackingStore open() {
        return SqlTrackingStore.open(TrackingUri.parse("sqlite:///import.db"), new StoreConfig(null, dir));
    }

    @Test
    void importsExperimentsAndRunsWithTheirIds() {
        try (SqlTrackingStore store = open()) {
            checkImport(store);
        }
    }

    static void checkImport(SqlTrackingStore store) {
        Experiment experiment = new Experiment(ExperimentId.of("7"), "imported", "/old/mlruns/7", LifecycleStage.ACTIVE,
                1_600_000_000_000L, 1_600_000_100_000L, List.of(new Tag("owner", "alice")));
        store.importExperiment(experiment);
        assertThat(store.getExperiment(ExperimentId.of("7"))).isEqualTo(experiment);
        assertThat(store.createExperiment("after-import", null, List.of()).value()).isEqualTo("8");

        RunId runId = RunId.of("1234567890abcdef1234567890abcdef");
        List<Metric> history = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            history.add(new Metric("loss", 1.0 / (i + 1), 1_600_000_000_000L + i, i));
        }
        history.add(new Metric("nan", Double.NaN, 5, 0));
        RunInfo info = new RunInfo(runId, ExperimentId.of("7"), "old-run", "bob", RunStatus.FINISHED, 1_600_000_000_000L,
                1_600_000_500_000L, "/old/mlruns/7/" + runId.value() + "/artifacts", LifecycleStage.ACTIVE);
        Dataset dataset = new Dataset("iris", "abc", "local", "/data/iris.csv", null, null);
        store.importRun(new RunBundle(info, List.of(new Param("lr", "0.1")),
                List.of(new Tag("mlflow.runName", "old-run"), new Tag("team", "x")),
                List.of(new DatasetInput(List.of(new Tag("mlflow.data.context", "training")), dataset)), history));

        Run run = store.getRun(runId);
        assertThat(run.info()).isEqualTo(info);
        assertThat(run.data().params()).containsExactly(new Param("lr", "0.1"));
        assertThat(run.data().tags()).contains(new Tag("team", "x"));
        assertThat(run.data().metrics()).contains(new Metric("loss", 1.0 / 12_000, 1_600_000_000_000L + 11_999, 11_999));
        assertThat(run.inputs().datasetInputs()).extracting(DatasetInput::dataset).containsExactly(dataset);
        assertThat(store.getMetricHistory(runId, "loss", 100_000, PageToken.FIRST).items()).hasSize(12_000);

        assertAlreadyExists(() -> {
            store.importExperiment(experiment);
            return null;
        });
        assertAlreadyExists(() -> {
            store.importRun(new RunBundle(info, List.of(), List.of(), List.of(), List.of()));
            return null;
        });
        assertThatThrownBy(() -> store.importRun(new RunBundle(new RunInfo(RunId.random(), ExperimentId.of("999"), "x", "u",
                RunStatus.RUNNING, 1, null, "a", LifecycleStage.ACTIVE), List.of(), List.of(), List.of(), List.of())))
                .isInstanceOf(CairnException.class).hasMessageContaining("999");
    }

    @Test
    void deletedRunOfDeletedExperimentIsRestoredWithIt() {
        try (SqlTrackingStore store = open()) {
            store.importExperiment(new Experiment(ExperimentId.of("3"), "gone", "/x/3", LifecycleStage.DELETED, 1, 2, List.of()));
            RunId runId = RunId.random();
            store.importRun(new RunBundle(new RunInfo(runId, ExperimentId.of("3"), "r", "u", RunStatus.FINISHED, 1, 2L, "/x/3/r",
                    LifecycleStage.DELETED), List.of(), List.of(), List.of(), List.of()));
            store.restoreExperiment(ExperimentId.of("3"));
            assertThat(store.getRun(runId).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        }
    }

    private static void assertAlreadyExists(Supplier<Void> call) {
        assertThatThrownBy(call::get).isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(((CairnException) e).code().name()).isEqualTo("RESOURCE_ALREADY_EXISTS"));
    }
}
