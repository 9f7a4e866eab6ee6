package dev.cairn.server.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.artifacts.ArtifactRepositories;
import dev.cairn.artifacts.MlflowArtifactsRepository;
import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.testkit.ArtifactRepositoryContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;

/**
 * The artifact contract for the client-side {@code mlflow-artifacts:} (and so HTTP) repository, through a
 * running Cairn server's proxy; plus the MLflow Java client's artifact calls against the same server.
 */
class MlflowArtifactsRepositoryIT extends ArtifactRepositoryContract {
    @TempDir
    static Path serverDir;
    static ProxyFixture fx;

    @BeforeAll
    static void start() {
        fx = new ProxyFixture(serverDir, true, false);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Override
    protected ArtifactRepository newRepository() {
        String authority = fx.server.url().substring("http://".length());
        return new MlflowArtifactsRepository("mlflow-artifacts://" + authority + "/contract/" + UUID.randomUUID(), Map.of());
    }

    /** The server's side of multipart uploads is covered by MultipartReplicasIT and ArtifactProxyIT. */
    @Override
    protected String multipartUnsupportedReason() {
        return "the client-side mlflow-artifacts repository uploads in one streamed PUT; it has no multipart form yet";
    }

    @Test
    void shortFormUsesTheTrackingUriAndLandsInTheDestination() throws Exception {
        try (ArtifactRepository r = new MlflowArtifactsRepository("mlflow-artifacts:/short",
                Map.of("MLFLOW_TRACKING_URI", fx.server.url()))) {
            write(r, "a.txt", "a");
        }
        assertThat(fx.destination.resolve("short/a.txt")).hasContent("a");
    }

    @Test
    void plainHttpProxyUrlWorksThroughTheFactory() throws Exception {
        try (ArtifactRepository r = ArtifactRepositories.open(fx.server.url() + "/api/2.0/mlflow-artifacts/artifacts/viahttp")) {
            write(r, "b.txt", "bb");
            assertThat(r.list("")).containsExactly(new FileInfo("b.txt", false, 2L));
        }
    }

    @Test
    void mlflowJavaClientSeesTheRunsArtifacts() throws Exception {
        MlflowClient client = new MlflowClient(fx.server.url());
        try {
            String expId = client.createExperiment("java-client-" + UUID.randomUUID());
            Service.RunInfo run = client.createRun(expId);
            assertThat(client.getRun(run.getRunId()).getInfo().getArtifactUri()).startsWith("mlflow-artifacts:");
            String rel = run.getArtifactUri().substring(run.getArtifactUri().indexOf(':') + 1).replaceFirst("^/+", "");
            Path local = Files.createDirectories(fx.destination.resolve(rel).resolve("model"));
            Files.writeString(local.resolve("MLmodel"), "flavors: {}");
            // The Java client lists mlflow-artifacts: roots by forking Python's mlflow, which this machine
            // lacks; the same REST call it would end in is made here directly.
            String body = fx.send("GET", "/api/2.0/mlflow/artifacts/list?run_id=" + run.getRunId() + "&path=model", null).body();
            assertThat(body).contains("\"root_uri\":\"" + run.getArtifactUri() + "\"",
                    "{\"path\":\"model/MLmodel\",\"is_dir\":false,\"file_size\":11}");
        } finally {
            client.close();
        }
    }

    private static void write(ArtifactRepository r, String path, String content) {
        byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        r.write(path, new java.io.ByteArrayInputStream(bytes), bytes.length);
    }
}
