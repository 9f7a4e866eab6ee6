package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code cairn gc} on a real SQLite database and a real directory store, artifacts on local disk. */
class GcCommandIT {
    @TempDir
    Path dir;

    private TrackingStore store;
    private String uri;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** Opens the store the CLI will work on, as the CLI opens it (same working directory). */
    private void open(String backend) {
        uri = backend.equals("sqlite") ? "sqlite:///" + dir.resolve("mlflow.db") : dir.resolve("mlruns").toString();
        store = TrackingStores.open(TrackingUri.parse(uri), new StoreConfig(null, dir));
    }

    private CliRunner.Result gc(String... args) {
        List<String> all = new ArrayList<>(List.of("gc", "--tracking-uri", uri));
        all.addAll(List.of(args));
        return new CliRunner(Map.of(), dir).run(all);
    }

    /** A run with one artifact file on disk; returns it. */
    private Run runWithArtifact(ExperimentId exp) throws Exception {
        Run run = store.createRun(new CreateRunRequest(exp, "alice", System.currentTimeMillis(), List.of(), null));
        Path artifacts = artifactDir(run);
        Files.createDirectories(artifacts.resolve("model"));
        Files.writeString(artifacts.resolve("model/weights.bin"), "w");
        return run;
    }

    private Path artifactDir(Run run) {
        return TrackingUri.parse(run.info().artifactUri()).localPath(dir);
    }

    private static void assertGone(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(CairnException.class);
        assertThat(((CairnException) thrown).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "directory"})
    void removesOldDeletedRunsAndExperimentsWithTheirArtifactsAndKeepsTheRest(String backend) throws Exception {
        open(backend);
        ExperimentId live = store.createExperiment("live", null, List.of());
        Run active = runWithArtifact(live);
        Run oldRun = runWithArtifact(live);
        Run youngRun = runWithArtifact(live);
        ExperimentId oldExp = store.createExperiment("old", null, List.of());
        Run inOldExp = runWithArtifact(oldExp);
        ExperimentId youngExp = store.createExperiment("young", null, List.of());
        Run inYoungExp = runWithArtifact(youngExp);
        store.deleteRun(oldRun.info().runId());
        store.deleteExperiment(oldExp);
        Thread.sleep(1_500);
        store.deleteRun(youngRun.info().runId());
        store.deleteExperiment(youngExp);

        CliRunner.Result r = gc("--older-than", "1s");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Removed run " + oldRun.info().runId())
                .contains("Removed run " + inOldExp.info().runId())
                .contains("Removed experiment " + oldExp + " 'old' with 1 run")
                .contains("Removed 2 runs and 1 experiment.")
                .doesNotContain(youngRun.info().runId().value(), active.info().runId().value(), inYoungExp.info().runId().value());
        assertThat(r.err()).doesNotContain("warning");
        assertGone(() -> store.getRun(oldRun.info().runId()));
        assertGone(() -> store.getRun(inOldExp.info().runId()));
        assertGone(() -> store.getExperiment(oldExp));
        assertThat(artifactDir(oldRun)).doesNotExist();
        assertThat(store.getRun(active.info().runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(store.getRun(youngRun.info().runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(store.getExperiment(youngExp).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(artifactDir(active).resolve("model/weights.bin")).exists();
        assertThat(artifactDir(youngRun).resolve("model/weights.bin")).exists();
        if (backend.equals("sqlite")) {
            // outside a directory store, the experiment's location is a folder of its own, and goes too
            assertThat(artifactDir(inOldExp)).doesNotExist();
            assertThat(TrackingUri.parse(store.getExperiment(live).artifactLocation()).localPath(dir)
                    .resolveSibling(oldExp.value())).doesNotExist();
            assertThat(artifactDir(inYoungExp).resolve("model/weights.bin")).exists();
        } else {
            // a directory store keeps a deleted experiment (and its runs' artifacts) in .trash
            assertThat(dir.resolve("mlruns/.trash").resolve(oldExp.value())).doesNotExist();
            assertThat(dir.resolve("mlruns/.trash").resolve(youngExp.value())
                    .resolve(inYoungExp.info().runId().value()).resolve("artifacts/model/weights.bin")).exists();
        }

        // without an age, whatever is deleted goes; the freed name can be used again
        CliRunner.Result rest = gc();
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("Removed 2 runs and 1 experiment.");
        assertGone(() -> store.getRun(youngRun.info().runId()));
        assertGone(() -> store.getExperiment(youngExp));
        assertThat(artifactDir(youngRun)).doesNotExist();
        assertThat(store.getRun(active.info().runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(store.createExperiment("old", null, List.of())).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "directory"})
    void aMissingArtifactDirectoryIsAWarningAndGcGoesOn(String backend) throws Exception {
        open(backend);
        ExperimentId exp = store.createExperiment("e", null, List.of());
        Run lost = runWithArtifact(exp);
        Run fine = runWithArtifact(exp);
        store.deleteRun(lost.info().runId());
        store.deleteRun(fine.info().runId());
        dev.cairn.artifacts.ArtifactRepositories.open(artifactDir(lost).toString()).delete("");
        assertThat(artifactDir(lost)).doesNotExist();

        CliRunner.Result r = gc("--older-than", "0s");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("cairn: warning: Artifacts of run " + lost.info().runId())
                .contains(artifactDir(lost) + " does not exist");
        assertThat(r.out()).contains("Removed 2 runs and 0 experiments (1 warning).");
        assertGone(() -> store.getRun(lost.info().runId()));
        assertGone(() -> store.getRun(fine.info().runId()));
        assertThat(artifactDir(fine)).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "directory"})
    void dryRunListsAndRemovesNothing(String backend) throws Exception {
        open(backend);
        ExperimentId exp = store.createExperiment("e", null, List.of());
        Run run = runWithArtifact(exp);
        ExperimentId goneExp = store.createExperiment("gone", null, List.of());
        Run inGoneExp = runWithArtifact(goneExp);
        store.deleteRun(run.info().runId());
        store.deleteExperiment(goneExp);

        CliRunner.Result r = gc("--dry-run");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Would remove run " + run.info().runId())
                .contains("Would remove experiment " + goneExp + " 'gone' with 1 run")
                .contains("Dry run: would remove 2 runs and 1 experiment; nothing was removed.");
        assertThat(store.getRun(run.info().runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(store.getRun(inGoneExp.info().runId())).isNotNull();
        assertThat(store.getExperiment(goneExp).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(artifactDir(run).resolve("model/weights.bin")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "directory"})
    void namingAnActiveRunIsRefusedBeforeAnythingIsRemoved(String backend) throws Exception {
        open(backend);
        ExperimentId exp = store.createExperiment("e", null, List.of());
        Run deleted = runWithArtifact(exp);
        Run active = runWithArtifact(exp);
        store.deleteRun(deleted.info().runId());

        CliRunner.Result r = gc("--run-ids", deleted.info().runId() + "," + active.info().runId());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.err()).contains("Run " + active.info().runId() + " is active").contains("Nothing was removed.");
        assertThat(store.getRun(deleted.info().runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(artifactDir(deleted).resolve("model/weights.bin")).exists();

        CliRunner.Result young = gc("--run-ids", deleted.info().runId().value(), "--older-than", "1d");
        assertThat(young.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(young.err()).contains("deleted less than");

        CliRunner.Result activeExp = gc("--experiment-ids", exp.value());
        assertThat(activeExp.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(activeExp.err()).contains("Experiment " + exp + " is active");

        // named, and only that: the other deleted run stays
        Run other = runWithArtifact(exp);
        store.deleteRun(other.info().runId());
        CliRunner.Result ok = gc("--run-ids", deleted.info().runId().value(), "--output", "json");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(ok.out());
        assertThat(json.get("runs")).hasSize(1);
        assertThat(json.get("runs").get(0).get("run_id").asText()).isEqualTo(deleted.info().runId().value());
        assertThat(json.get("runs").get(0).get("artifact_uri").asText()).isEqualTo(deleted.info().artifactUri());
        assertGone(() -> store.getRun(deleted.info().runId()));
        assertThat(store.getRun(other.info().runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    }

    @Test
    void badAgeIsACommandLineError() {
        open("sqlite");
        CliRunner.Result r = gc("--older-than", "3x");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--older-than").contains("'3x' is not an age like 30d");
    }

    @Test
    void proxiedArtifactsNeedTheDestinationAndAreRemovedFromIt() throws Exception {
        open("sqlite");
        ExperimentId exp = store.createExperiment("proxied", "mlflow-artifacts:/proxied", List.of());
        Run run = store.createRun(new CreateRunRequest(exp, "alice", System.currentTimeMillis(), List.of(), null));
        assertThat(run.info().artifactUri()).startsWith("mlflow-artifacts:/proxied/");
        Path destination = dir.resolve("mlartifacts");
        Path stored = destination.resolve(run.info().artifactUri().substring("mlflow-artifacts:/".length()));
        Files.createDirectories(stored);
        Files.writeString(stored.resolve("f.txt"), "x");
        Path neighbour = Files.createDirectories(destination.resolve("other/keep"));
        store.deleteRun(run.info().runId());

        CliRunner.Result refused = gc();
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(refused.err()).contains("--artifacts-destination").contains("Nothing was removed.");
        assertThat(store.getRun(run.info().runId())).isNotNull();

        CliRunner.Result r = gc("--artifacts-destination", "./mlartifacts");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(stored).doesNotExist();
        assertThat(neighbour).exists();
        assertGone(() -> store.getRun(run.info().runId()));
    }

    @Test
    void aServerIsRefusedWithTheWayToDoIt() {
        uri = "http://127.0.0.1:" + dev.cairn.client.behaviour.TestServer.closedPort();
        CliRunner.Result r = gc();
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.err()).contains("cannot remove runs or experiments for good").contains("--backend-store-uri");
    }
}
