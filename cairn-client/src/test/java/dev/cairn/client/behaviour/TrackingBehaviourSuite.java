package dev.cairn.client.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.client.behaviour.TrackingDriver.RunScript;
import dev.cairn.client.behaviour.TrackingDriver.RunView;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.ViewType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour users rely on, written once and run through every way of using Cairn: the client over REST
 * against a real server, the client directly on SQLite and on a directory store, and the command line against
 * a real server. Each subclass only says how to build its {@link TrackingDriver}.
 */
public abstract class TrackingBehaviourSuite {
    @TempDir
    protected Path tempDir;

    protected TrackingDriver driver;

    private int names;

    /** A fresh driver over a fresh, empty store. */
    protected abstract TrackingDriver newDriver(Path dir);

    @BeforeEach
    void openDriver() {
        driver = newDriver(tempDir);
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private String unique(String prefix) {
        return prefix + "-" + (++names) + "-" + Long.toHexString(System.nanoTime());
    }

    private static CairnException failure(Runnable call) {
        CairnException e = catchThrowableOfType(CairnException.class, call::run);
        assertThat(e).as("expected a CairnException").isNotNull();
        return e;
    }

    @Test
    public void createdExperimentIsListedActive() {
        String name = unique("exp");
        String id = driver.createExperiment(name);
        assertThat(driver.experiment(name)).hasValueSatisfying(e -> {
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.lifecycleStage()).isEqualTo("active");
        });
        assertThat(driver.listExperiments(ViewType.ACTIVE_ONLY)).extracting(TrackingDriver.ExperimentView::name)
                .contains(name, "Default");
    }

    @Test
    public void duplicateExperimentNameIsRefused() {
        String name = unique("dup");
        driver.createExperiment(name);
        assertThat(failure(() -> driver.createExperiment(name)).code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS);
    }

    @Test
    public void runLogsParamsMetricsAndTagsAndEndsFinished() {
        String exp = unique("train");
        String runId = driver.logRun(exp, RunScript.named("first")
                .params(Map.of("lr", "0.01", "layers", "3"))
                .metrics(Map.of("loss", List.of(0.9, 0.5, 0.25), "acc", List.of(0.7)))
                .tags(Map.of("team", "vision")));
        RunView run = driver.describeRun(runId);
        assertThat(run.status()).isEqualTo("FINISHED");
        assertThat(run.runName()).isEqualTo("first");
        assertThat(run.params()).containsExactlyInAnyOrderEntriesOf(Map.of("lr", "0.01", "layers", "3"));
        assertThat(run.metrics()).containsEntry("loss", 0.25).containsEntry("acc", 0.7);
        assertThat(run.tags()).containsEntry("team", "vision").containsKey("mlflow.user");
        assertThat(driver.experiment(exp)).hasValueSatisfying(e -> assertThat(e.id()).isEqualTo(run.experimentId()));
    }

    @Test
    public void runWhoseBodyThrowsEndsFailedAndKeepsWhatItLogged() {
        String runId = driver.logRun(unique("crash"), RunScript.named("boom")
                .params(Map.of("seed", "7")).metrics(Map.of("loss", List.of(1.0, 0.8))).failing());
        RunView run = driver.describeRun(runId);
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.params()).containsEntry("seed", "7");
        assertThat(driver.metricHistory(runId, "loss")).containsExactly(1.0, 0.8);
    }

    @Test
    public void nestedRunPointsAtItsParent() {
        String exp = unique("nested");
        String parent = driver.logRun(exp, RunScript.named("parent"));
        String child = driver.logRun(exp, RunScript.named("child").parent(parent));
        assertThat(driver.describeRun(child).tags()).containsEntry("mlflow.parentRunId", parent);
        String expId = driver.describeRun(parent).experimentId();
        assertThat(driver.searchRuns(expId, "tags.mlflow.parentRunId = '" + parent + "'", null, ViewType.ACTIVE_ONLY))
                .containsExactly(child);
    }

    @Test
    public void metricHistoryKeepsEveryStepInOrder() {
        List<Double> values = List.of(5.0, 4.0, 3.5, Double.NaN, 2.0, 1.0);
        String runId = driver.logRun(unique("history"), RunScript.named("h").metrics(Map.of("loss", values)));
        List<Double> history = driver.metricHistory(runId, "loss");
        assertThat(history).hasSize(values.size());
        assertThat(history.get(3)).isNaN();
        assertThat(history.subList(0, 3)).containsExactly(5.0, 4.0, 3.5);
        assertThat(history.subList(4, 6)).containsExactly(2.0, 1.0);
        assertThat(driver.metricHistory(runId, "never-logged")).isEmpty();
    }

    @Test
    public void searchFiltersAndOrdersWithMlflowGrammar() {
        String exp = unique("search");
        String a = driver.logRun(exp, RunScript.named("a").params(Map.of("opt", "adam")).metrics(Map.of("loss", List.of(0.3))));
        String b = driver.logRun(exp, RunScript.named("b").params(Map.of("opt", "sgd")).metrics(Map.of("loss", List.of(0.1))));
        String c = driver.logRun(exp, RunScript.named("c").params(Map.of("opt", "adamw")).metrics(Map.of("loss", List.of(0.7))));
        String expId = driver.describeRun(a).experimentId();
        assertThat(driver.searchRuns(expId, "metrics.loss < 0.5", "metrics.loss ASC", ViewType.ACTIVE_ONLY))
                .containsExactly(b, a);
        assertThat(driver.searchRuns(expId, "params.opt LIKE 'adam%'", "metrics.loss DESC", ViewType.ACTIVE_ONLY))
                .containsExactly(c, a);
        assertThat(driver.searchRuns(expId, "attributes.run_name = 'b' AND metrics.loss <= 0.1", null, ViewType.ACTIVE_ONLY))
                .containsExactly(b);
        assertThat(driver.searchRuns(expId, null, "metrics.loss ASC", ViewType.ACTIVE_ONLY)).containsExactly(b, a, c);
    }

    @Test
    public void filterThatDoesNotParseIsInvalidParameter() {
        String runId = driver.logRun(unique("badfilter"), RunScript.named("x"));
        String expId = driver.describeRun(runId).experimentId();
        CairnException e = failure(() -> driver.searchRuns(expId, "metrics.loss <<< 1", null, ViewType.ACTIVE_ONLY));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        CairnException or = failure(() -> driver.searchRuns(expId, "metrics.a > 1 OR metrics.b > 1", null, ViewType.ACTIVE_ONLY));
        assertThat(or.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }

    @Test
    public void deletedRunLeavesDefaultSearchAndComesBack() {
        String exp = unique("lifecycle");
        String keep = driver.logRun(exp, RunScript.named("keep"));
        String gone = driver.logRun(exp, RunScript.named("gone"));
        String expId = driver.describeRun(keep).experimentId();
        driver.deleteRun(gone);
        assertThat(driver.describeRun(gone).lifecycleStage()).isEqualTo("deleted");
        assertThat(driver.searchRuns(expId, null, null, ViewType.ACTIVE_ONLY)).containsExactly(keep);
        assertThat(driver.searchRuns(expId, null, null, ViewType.DELETED_ONLY)).containsExactly(gone);
        driver.restoreRun(gone);
        assertThat(driver.searchRuns(expId, null, null, ViewType.ACTIVE_ONLY)).containsExactlyInAnyOrder(keep, gone);
    }

    @Test
    public void experimentDeleteRestoreAndRename() {
        String name = unique("old");
        String id = driver.createExperiment(name);
        driver.deleteExperiment(id);
        assertThat(driver.listExperiments(ViewType.ACTIVE_ONLY)).extracting(TrackingDriver.ExperimentView::id).doesNotContain(id);
        assertThat(driver.listExperiments(ViewType.DELETED_ONLY)).extracting(TrackingDriver.ExperimentView::id).contains(id);
        assertThat(failure(() -> driver.deleteExperiment(id)).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        driver.restoreExperiment(id);
        String newName = unique("new");
        driver.renameExperiment(id, newName);
        assertThat(driver.experiment(newName)).hasValueSatisfying(e -> {
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.lifecycleStage()).isEqualTo("active");
        });
        assertThat(driver.experiment(name)).isEmpty();
    }

    @Test
    public void artifactsRoundTripNatively() throws Exception {
        String runId = driver.logRun(unique("artifacts"), RunScript.named("art"));
        Path file = Files.writeString(tempDir.resolve("model.txt"), "weights: 1 2 3\n");
        driver.logArtifact(runId, file, "model");
        assertThat(driver.listArtifacts(runId, null)).containsExactly("model");
        assertThat(driver.listArtifacts(runId, "model")).containsExactly("model/model.txt");
        Path out = tempDir.resolve("out");
        driver.downloadArtifacts(runId, "model", out);
        assertThat(out.resolve("model/model.txt")).hasContent("weights: 1 2 3");
    }

    @Test
    public void unknownRunIsResourceDoesNotExist() {
        CairnException e = failure(() -> driver.describeRun("0123456789abcdef0123456789abcdef"));
        assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertThat(e.getMessage()).contains("0123456789abcdef0123456789abcdef");
    }

    @Test
    public void invalidKeyIsRefusedAndWritesNothing() {
        String exp = unique("badkey");
        CairnException e = failure(() -> driver.logRun(exp, RunScript.named("bad").params(Map.of("bad key!", "1"))));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(e.getMessage()).contains("bad key!");
    }

    @Test
    public void overlongExperimentNameIsInvalidParameter() {
        CairnException e = failure(() -> driver.createExperiment("x".repeat(501)));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }

    @Test
    public void unreachableLocationIsNamedInTheError() {
        CairnException e;
        try (TrackingDriver bad = driver.unreachable()) {
            e = failure(() -> bad.listExperiments(ViewType.ALL));
        }
        assertThat(e.getMessage()).contains(driver.unreachableLocation());
    }
}
