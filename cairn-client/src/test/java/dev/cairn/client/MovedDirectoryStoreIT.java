package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.uri.ResolvedTrackingUri;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direct mode on a directory store that was moved after runs were logged: the runs' recorded artifact locations
 * still name the old folder, yet listing, downloading and logging more artifacts all happen at the new place,
 * and nothing is recreated at the old path. A server on the moved store serves them too.
 */
class MovedDirectoryStoreIT {
    @TempDir
    Path dir;

    private CairnTracking open(Path store) {
        return CairnTracking.open(new ResolvedTrackingUri(TrackingUri.parse(store.toUri().toString()), ResolvedTrackingUri.Rule.EXPLICIT),
                ClientConfig.fromEnvironment(Map.of(), dir));
    }

    /** Logs model/model.txt ("weights") in a new run of a store at {@code oldRoot}, then moves the store to {@code newRoot}. */
    private RunId logModelThenMove(Path oldRoot, Path newRoot, String experiment) throws IOException {
        Path model = Files.writeString(dir.resolve("model.txt"), "weights");
        RunId id;
        try (CairnTracking tracking = open(oldRoot); ActiveRun run = tracking.startRun(experiment)) {
            run.logParam("lr", "0.1").logArtifact(model, "model");
            id = run.id();
        }
        Files.createDirectories(newRoot.getParent());
        Files.move(oldRoot, newRoot);
        return id;
    }

    @Test
    void artifactsOfAMovedStoreAreFoundAndWrittenAtItsNewPlace() throws IOException {
        Path oldRoot = dir.resolve("laptop/mlruns");
        Path newRoot = dir.resolve("nas/team/mlruns");
        RunId id = logModelThenMove(oldRoot, newRoot, "moving");
        String experiment;

        try (CairnTracking tracking = open(newRoot)) {
            RunInfo info = tracking.getRun(id).info();
            experiment = info.experimentId().value();
            assertThat(info.artifactUri()).contains(oldRoot.toString());
            String now = tracking.artifactLocation(id);
            assertThat(now).contains(newRoot.toString()).doesNotContain(oldRoot.toString());

            assertThat(tracking.listArtifacts(id, "model")).extracting(FileInfo::path).containsExactly("model/model.txt");
            Path downloaded = tracking.downloadArtifacts(id, "model/model.txt", dir.resolve("download"));
            assertThat(Files.readString(downloaded)).isEqualTo("weights");

            Path notes = Files.writeString(dir.resolve("notes.md"), "after the move");
            tracking.logArtifact(id, notes, null);
            assertThat(tracking.listArtifacts(id, null)).extracting(FileInfo::path).containsExactlyInAnyOrder("model", "notes.md");
        }
        assertThat(oldRoot).doesNotExist();
        assertThat(newRoot.resolve(experiment + "/" + id.value() + "/artifacts/notes.md")).hasContent("after the move");
    }

    @Test
    void aServerOnTheMovedStoreServesTheRunsArtifacts() throws Exception {
        Path oldRoot = dir.resolve("laptop/mlruns");
        Path newRoot = dir.resolve("nas/mlruns");
        RunId id = logModelThenMove(oldRoot, newRoot, "served");

        // no artifact proxy: the run's recorded file: location is what the server reads
        ServerOptions options = new ServerOptions("127.0.0.1", 0, newRoot.toString(), null, null, false, false, dir);
        try (CairnServer server = CairnServer.start(options); HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(server.url()
                    + "/api/2.0/mlflow/artifacts/list?run_id=" + id.value() + "&path=model")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            assertThat(list.body()).contains("model/model.txt");
            HttpResponse<String> file = http.send(HttpRequest.newBuilder(URI.create(server.url()
                    + "/get-artifact?run_uuid=" + id.value() + "&path=model/model.txt")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo("weights");
        }
        assertThat(oldRoot).doesNotExist();
    }

    @Test
    void aStoreThatDidNotMoveIsUntouched() throws IOException {
        Path root = dir.resolve("mlruns");
        Path file = Files.writeString(dir.resolve("a.txt"), "a");
        try (CairnTracking tracking = open(root); ActiveRun run = tracking.startRun("staying")) {
            run.logArtifact(file);
            assertThat(tracking.artifactLocation(run.id())).isEqualTo(run.fetch().info().artifactUri());
            assertThat(run.listArtifacts(null)).extracting(FileInfo::path).containsExactly("a.txt");
        }
    }
}
