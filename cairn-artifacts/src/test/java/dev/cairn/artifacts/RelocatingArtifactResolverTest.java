package dev.cairn.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.TrackingUri;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory store written by hand in MLflow's layout (absolute {@code file://} locations inside its root, an
 * 18-digit experiment id as MLflow 2.x draws them, a deleted experiment in {@code .trash}) is moved to another
 * path; every artifact stays reachable through the resolver, and nothing outside the store is ever reached.
 */
class RelocatingArtifactResolverTest {
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
        run(oldRoot.resolve(EXPERIMENT), EXPERIMENT, RUN, old + "/" + EXPERIMENT + "/" + RUN + "/artifacts");
        Path runArtifacts = oldRoot.resolve(EXPERIMENT + "/" + RUN + "/artifacts");
        Files.createDirectories(runArtifacts.resolve("model"));
        Files.write(runArtifacts.resolve("model/model.pkl"), new byte[] {0, 1, 2, (byte) 0xff});
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
        Files.writeString(runDir.resolve("params/lr"), "0.01");
    }

    private TrackingStore openMoved() {
        return TrackingStores.open(TrackingUri.parse(newRoot.toString()), new StoreConfig(null, dir));
    }

    private static Set<String> files(ArtifactRepository repo, String path) {
        List<String> out = new ArrayList<>();
        for (FileInfo f : repo.list(path)) {
            if (f.isDir()) {
                out.addAll(files(repo, f.path()));
            } else {
                out.add(f.path());
            }
        }
        return Set.copyOf(out);
    }

    @Test
    void everyArtifactIsReachableThroughTheResolverAfterTheMove() throws IOException {
        try (TrackingStore store = openMoved()) {
            Run run = store.getRun(RunId.of(RUN));
            assertThat(run.info().artifactUri()).startsWith("file://" + oldRoot);
            assertThat(Files.exists(oldRoot)).isFalse();

            RelocatingArtifactResolver resolver = RelocatingArtifactResolver.forDirectoryStore(newRoot, store);
            assertThat(resolver.oldRoots()).containsExactly(oldRoot);
            assertThat(resolver.resolve(run.info().artifactUri()))
                    .isEqualTo("file://" + newRoot + "/" + EXPERIMENT + "/" + RUN + "/artifacts");
            try (ArtifactRepository repo = resolver.open(run.info().artifactUri()); InputStream in = repo.open("model/model.pkl")) {
                assertThat(in.readAllBytes()).containsExactly(0, 1, 2, 0xff);
                assertThat(files(repo, "")).containsExactlyInAnyOrder("confusion.txt", "model/model.pkl");
            }
            // the deleted experiment's run lives in .trash, whatever its record says
            Run trashed = store.getRun(RunId.of(TRASHED_RUN));
            try (ArtifactRepository repo = resolver.open(trashed.info().artifactUri())) {
                assertThat(files(repo, "")).containsExactly("notes.md");
            }
        }
    }

    @Test
    void plainPathsStayPlainAndARunWithoutArtifactsYetGetsItsFolderUnderTheNewRoot() {
        RelocatingArtifactResolver resolver = new RelocatingArtifactResolver(newRoot, List.of("file://" + oldRoot));
        String neverLogged = oldRoot + "/" + EXPERIMENT + "/" + "ffffffffffffffffffffffffffffffff/artifacts";
        assertThat(resolver.resolve(neverLogged))
                .isEqualTo(newRoot + "/" + EXPERIMENT + "/ffffffffffffffffffffffffffffffff/artifacts");
        // a location under the current root is already right, even when its folder does not exist yet
        String fresh = "file://" + newRoot + "/" + EXPERIMENT + "/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee/artifacts";
        assertThat(resolver.mapped(fresh)).isEmpty();
    }

    @Test
    void locationsThatExistAreRemoteOrLeaveTheRootAreLeftAlone() throws IOException {
        RelocatingArtifactResolver resolver = new RelocatingArtifactResolver(newRoot, List.of("file://" + oldRoot));
        assertThat(resolver.resolve("s3://bucket/x")).isEqualTo("s3://bucket/x");
        assertThat(resolver.resolve("mlflow-artifacts:/0/abc/artifacts")).isEqualTo("mlflow-artifacts:/0/abc/artifacts");
        String elsewhere = "file://" + Files.createDirectories(dir.resolve("other"));
        assertThat(resolver.resolve(elsewhere)).isEqualTo(elsewhere);
        // a crafted location never escapes the root
        assertThat(resolver.resolve("file://" + oldRoot + "/../../../../etc/passwd"))
                .isEqualTo("file://" + oldRoot + "/../../../../etc/passwd");
        assertThat(resolver.resolve(null)).isNull();
    }
}
