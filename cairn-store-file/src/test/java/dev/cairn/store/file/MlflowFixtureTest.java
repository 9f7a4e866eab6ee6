package dev.cairn.store.file;

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
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory laid out by hand the way MLflow 2.17's file store writes it opens completely. */
class MlflowFixtureTest {
    static final ExperimentId EXP = ExperimentId.of("271828182845904523");
    static final ExperimentId DELETED_EXP = ExperimentId.of("314159265358979323");
    static final RunId FINISHED = RunId.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1");
    static final RunId RUNNING = RunId.of("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2");
    static final RunId IN_TRASH = RunId.of("ccccccccccccccccccccccccccccccc3");

    @TempDir
    Path dir;

    FileTrackingStore store;

    @BeforeEach
    void open() {
        store = new FileTrackingStore(TestDirs.copyFixture(dir.resolve("mlruns")), null);
    }

    @Test
    void everyExperimentOpensWithItsTags() {
        List<Experiment> all = store.searchExperiments(
                new ExperimentSearch(SearchFilter.ALL, ViewType.ALL, 100, List.of(), PageToken.FIRST)).items();
        assertThat(all).extracting(e -> e.experimentId().value())
                .containsExactlyInAnyOrder("0", EXP.value(), DELETED_EXP.value());

        Experiment e = store.getExperiment(EXP);
        assertThat(e.name()).isEqualTo("fixture-experiment");
        assertThat(e.artifactLocation()).isEqualTo("file:///tmp/mlruns/" + EXP);
        assertThat(e.creationTime()).isEqualTo(1700000100000L);
        assertThat(e.lastUpdateTime()).isEqualTo(1700000200000L);
        assertThat(e.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(e.tags()).containsExactlyInAnyOrder(
                new Tag("team/area", "vision"), new Tag("mlflow.note", "Hand-written like MLflow 2.17 writes it"));

        Experiment deleted = store.getExperiment(DELETED_EXP);
        assertThat(deleted.lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(deleted.name()).isEqualTo("old-experiment");
        assertThat(store.getExperiment(ExperimentId.DEFAULT).name()).isEqualTo("Default");
        assertThat(store.getExperimentByName("old-experiment")).map(Experiment::experimentId).contains(DELETED_EXP);
    }

    @Test
    void finishedRunOpensWithInfoParamsTagsLatestMetricsAndInputs() {
        Run run = store.getRun(FINISHED);
        assertThat(run.info().runName()).isEqualTo("brave-otter-42");
        assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.info().userId()).isEqualTo("alice");
        assertThat(run.info().startTime()).isEqualTo(1700000300000L);
        assertThat(run.info().endTime()).isEqualTo(1700000400000L);
        assertThat(run.info().artifactUri()).isEqualTo("file:///tmp/mlruns/" + EXP + "/" + FINISHED + "/artifacts");
        assertThat(run.info().experimentId()).isEqualTo(EXP);
        assertThat(run.data().params()).containsExactlyInAnyOrder(new Param("lr", "0.01"), new Param("model", "resnet50"));
        assertThat(run.data().tags()).containsExactlyInAnyOrder(
                new Tag("mlflow.runName", "brave-otter-42"), new Tag("mlflow.user", "alice"), new Tag("note", "multi\nline value"));
        assertThat(run.data().metrics()).hasSize(3);
        Metric loss = run.data().metrics().stream().filter(m -> m.key().equals("loss")).findFirst().orElseThrow();
        assertThat(loss.step()).isEqualTo(3);
        assertThat(loss.value()).isNaN();
        assertThat(run.data().metrics()).contains(
                new Metric("train/accuracy", 0.83, 1700000300250L, 1),
                new Metric("legacy_two_fields", 12.0, 1700000300500L, 0));
        assertThat(run.inputs().datasetInputs()).singleElement().satisfies(input -> {
            assertThat(input.dataset().name()).isEqualTo("iris");
            assertThat(input.dataset().digest()).isEqualTo("abc123");
            assertThat(input.dataset().sourceType()).isEqualTo("s3");
            assertThat(input.dataset().profile()).isEqualTo("{\"num_rows\": 150}");
            assertThat(input.dataset().schema()).isNull();
            assertThat(input.tags()).containsExactly(new Tag("mlflow.data.context", "training"));
        });
    }

    @Test
    void everyMetricPointIsRead() {
        assertThat(store.getMetricHistory(FINISHED, "loss", 100, PageToken.FIRST).items())
                .extracting(Metric::step, Metric::timestamp)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, 1700000300100L),
                        org.assertj.core.groups.Tuple.tuple(1L, 1700000300200L),
                        org.assertj.core.groups.Tuple.tuple(2L, 1700000300300L),
                        org.assertj.core.groups.Tuple.tuple(3L, 1700000300400L));
        assertThat(store.getMetricHistory(FINISHED, "train/accuracy", 100, PageToken.FIRST).items())
                .containsExactly(new Metric("train/accuracy", 0.71, 1700000300150L, 0),
                        new Metric("train/accuracy", 0.83, 1700000300250L, 1));
        assertThat(store.getMetricHistory(RUNNING, "loss", 100, PageToken.FIRST).items())
                .containsExactly(new Metric("loss", Double.NEGATIVE_INFINITY, 1700000350100L, 5),
                        new Metric("loss", 3.5e-05, 1700000350200L, 7));
        assertThat(store.getMetricHistory(IN_TRASH, "loss", 100, PageToken.FIRST).items()).hasSize(2);
    }

    @Test
    void runWithoutRunNameTakesItFromItsTagAndNestedTagKeysAreRead() {
        Run run = store.getRun(RUNNING);
        assertThat(run.info().runName()).isEqualTo("quiet-heron-7");
        assertThat(run.info().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.info().endTime()).isNull();
        assertThat(run.data().tags()).contains(new Tag("mlflow/source", "train.py"));
        assertThat(run.data().params()).containsExactly(new Param("batch_size", "64"));
    }

    @Test
    void searchListsRunsByLifecycleStage() {
        List<Run> active = store.searchRuns(new RunSearch(List.of(EXP, DELETED_EXP), SearchFilter.ALL,
                ViewType.ACTIVE_ONLY, 100, List.of(), PageToken.FIRST)).items();
        assertThat(active).extracting(r -> r.info().runId()).containsExactly(RUNNING, FINISHED);
        List<Run> deleted = store.searchRuns(new RunSearch(List.of(EXP, DELETED_EXP), SearchFilter.ALL,
                ViewType.DELETED_ONLY, 100, List.of(), PageToken.FIRST)).items();
        assertThat(deleted).singleElement().satisfies(r -> {
            assertThat(r.info().runId()).isEqualTo(IN_TRASH);
            assertThat(r.info().status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.data().params()).containsExactly(new Param("optimizer", "sgd"));
        });
    }
}
