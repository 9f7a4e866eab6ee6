package dev.cairn.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.artifacts.ArtifactRepositories;
import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.migrate.cli.RelocateCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A directory store written by hand in MLflow's layout (absolute {@code file://} locations inside its root, an
 * 18-digit experiment id as MLflow 2.x draws them, a deleted experiment in {@code .trash}) is moved to another
 * path: the doctor says what is wrong and how to fix it, after {@code cairn relocate} the recorded locations
 * themselves are right, and a migration finds every artifact. (That the resolver finds them is
 * cairn-artifacts' RelocatingArtifactResolverTest.)
 */
class MovedDirectoryStoreTest {
    static final String EXPERIMENT = "412598734125987341";
    static final String DELETED_EXPERIMENT = "1";
    static final String RUN = "0f7a4c1e9b2d4e6f8a1b3c5d7e9f1a2b";
    static final String TRASHED_RUN = "aa11bb22cc33dd44ee55ff6677889900";

    @TempDir
    Path dir;

    Path oldRoot;
    Path newRoot;

    @BeforeEach
    void writeAndMoveAnMlflowStore() throws IOException {
        oldRoot = dir.resolve("home/ana/mlruns");
        String old = "file://" + oldRoot;
        experiment(oldRoot.resolve("0"), "0", "Default", old + "/0");
        experiment(oldRoot.resolve(EXPERIMENT), EXPERIMENT, "churn", old + "/" + EXPERIMENT);
        Files.writeString(oldRoot.resolve(EXPERIMENT + "/tags/mlflow.note.content"), "moved twice");
        run(oldRoot.resolve(EXPERIMENT), EXPERIMENT, RUN, old + "/" + EXPERIMENT + "/" + RUN + "/artifacts");
        Path runArtifacts = oldRoot.resolve(EXPERIMENT + "/" + RUN + "/artifacts");
        Files.createDirectories(runArtifacts.resolve("model"));
        Files.write(runArtifacts.resolve("model/model.pkl"), new byte[] {0, 1, 2, (byte) 0xff});
        Files.writeString(runArtifacts.resolve("model/MLmodel"), "artifact_path: model\n");
        Files.writeString(runArtifacts.resolve("confusion.txt"), "tp=1");

        Path trashed = oldRoot.resolve(".trash/" + DELETED_EXPERIMENT);
        experiment(trashed, DELETED_EXPERIMENT, "abandoned", old + "/" + DELETED_EXPERIMENT);
        Files.writeString(trashed.resolve("meta.yaml"), Files.readString(trashed.resolve("meta.yaml")).replace("active", "deleted"));
        run(trashed, DELETED_EXPERIMENT, TRASHED_RUN, old + "/" + DELETED_EXPERIMENT + "/" + TRASHED_RUN + "/artifacts");
        Files.writeString(trashed.resolve(TRASHED_RUN + "/artifacts/notes.md"), "# kept");

        newRoot = dir.resolve("mnt/nas/team/mlruns");
        Files.createDirectories(newRoot.getParent());
        Files.move(oldRoot, newRoot);
    }

    private static void experiment(Path expDir, String id, String name, String location) throws IOException {
        Files.createDirectories(expDir.resolve("tags"));
        Files.writeString(expDir.resolve("meta.yaml"), "artifact_location: " + location + "\ncreation_time: 1700000000000\n"
                + "experiment_id: '" + id + "'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: " + name + "\n");
    }

    private static void run(Path expDir, String experimentId, String runId, String artifactUri) throws IOException {
        Path runDir = expDir.resolve(runId);
        for (String sub : List.of("metrics", "params", "tags", "artifacts")) {
            Files.createDirectories(runDir.resolve(sub));
        }
        Files.writeString(runDir.resolve("meta.yaml"), "artifact_uri: " + artifactUri + "\nend_time: 1700000009000\n"
                + "entry_point_name: ''\nexperiment_id: '" + experimentId + "'\nlifecycle_stage: active\nrun_id: " + runId
                + "\nrun_name: silent-owl-42\nrun_uuid: " + runId + "\nsource_name: ''\nsource_type: 4\nsource_version: ''\n"
                + "start_time: 1700000000000\nstatus: 3\ntags: []\nuser_id: ana\n");
        Files.writeString(runDir.resolve("metrics/loss"), "1700000000000 0.5 0\n1700000001000 0.25 1\n");
        Files.writeString(runDir.resolve("params/lr"), "0.01");
        Files.writeString(runDir.resolve("tags/mlflow.runName"), "silent-owl-42");
    }

    private TrackingStore openMoved() {
        return TrackingStores.open(TrackingUri.parse(newRoot.toString()), new StoreConfig(null, dir));
    }

    private static Map<String, String> contents(ArtifactRepository repo) {
        return ArtifactTrees.fingerprints(repo);
    }

    @Test
    void doctorReportsTheMovedLocationsAndRelocateFixesThemForGood() throws IOException {
        List<ArtifactLocationDoctor.Finding> findings;
        try (TrackingStore store = openMoved()) {
            findings = ArtifactLocationDoctor.check(store, newRoot.toString(), newRoot);
        }
        assertThat(findings).extracting(ArtifactLocationDoctor.Finding::id)
                .containsExactlyInAnyOrder("0", EXPERIMENT, RUN, DELETED_EXPERIMENT, TRASHED_RUN);
        String command = "cairn relocate --store " + newRoot + " --from file://" + oldRoot + " --to file://" + newRoot;
        assertThat(findings).extracting(ArtifactLocationDoctor.Finding::fix).containsOnly(command);
        assertThat(ArtifactLocationDoctor.render(findings)).contains("To fix:\n  " + command);

        String runMeta = newRoot.resolve(EXPERIMENT + "/" + RUN + "/meta.yaml").toString();
        String before = Files.readString(Path.of(runMeta));
        StringWriter out = new StringWriter();
        int dry = new CommandLine(new RelocateCommand()).setOut(new PrintWriter(out))
                .execute("--store", newRoot.toString(), "--from", oldRoot.toString(), "--to", newRoot.toString(), "--dry-run");
        assertThat(dry).isZero();
        assertThat(out.toString()).contains("Would relocate 3 experiment and 2 run locations");
        assertThat(Files.readString(Path.of(runMeta))).isEqualTo(before);

        int code = new CommandLine(new RelocateCommand()).setOut(new PrintWriter(new StringWriter()))
                .execute("--store", newRoot.toString(), "--from", "file://" + oldRoot, "--to", "file://" + newRoot);
        assertThat(code).isZero();
        String after = Files.readString(Path.of(runMeta));
        assertThat(after).contains("artifact_uri: file://" + newRoot + "/" + EXPERIMENT + "/" + RUN + "/artifacts")
                .contains("source_type: 4").contains("run_name: silent-owl-42").doesNotContain(oldRoot.toString());

        try (TrackingStore store = openMoved()) {
            Run run = store.getRun(RunId.of(RUN));
            try (ArtifactRepository repo = ArtifactRepositories.open(run.info().artifactUri())) {
                assertThat(contents(repo)).containsOnlyKeys("confusion.txt", "model/MLmodel", "model/model.pkl");
            }
            assertThat(store.getExperiment(dev.cairn.core.model.ExperimentId.of(EXPERIMENT)).artifactLocation())
                    .isEqualTo("file://" + newRoot + "/" + EXPERIMENT);
            assertThat(ArtifactLocationDoctor.check(store, newRoot.toString(), newRoot)).isEmpty();
            assertThat(store.getRun(RunId.of(TRASHED_RUN)).data().params()).extracting(p -> p.value()).containsExactly("0.01");
        }
        assertThat(Files.readString(newRoot.resolve(EXPERIMENT + "/tags/mlflow.note.content"), StandardCharsets.UTF_8))
                .isEqualTo("moved twice");
    }

    @Test
    void theMovedStoreMigratesWithEveryArtifact() {
        StoreConfig config = new StoreConfig(null, dir);
        String sqlite = "sqlite:///" + dir.resolve("moved.db");
        try (MigrationEndpoint s = MigrationEndpoint.openSource(TrackingUri.parse(newRoot.toString()), config);
                MigrationEndpoint t = MigrationEndpoint.openTarget(TrackingUri.parse(sqlite), config)) {
            MigrationResult result = new Migration(s, t, MigrationOptions.all().withArtifactsTo(dir.resolve("art").toString()),
                    MigrationProgress.NONE).run();
            assertThat(result.verification().ok()).as(result.verification().render()).isTrue();
            assertThat(result.artifactFilesCopied()).isEqualTo(4);
        }
    }
}
