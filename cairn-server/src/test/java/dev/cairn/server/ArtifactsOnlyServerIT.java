package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server started with --artifacts-only opens no tracking store and says so on tracking endpoints. */
class ArtifactsOnlyServerIT {
    @TempDir
    Path dir;

    @Test
    void trackingEndpointsAnswerNotFoundWithAReason() throws Exception {
        ServerOptions options = new ServerOptions("127.0.0.1", 0, "sqlite:///" + dir.resolve("never-created.db"), null,
                dir.resolve("mlartifacts").toString(), true, true, dir);
        try (CairnServer server = CairnServer.start(options); HttpClient http = HttpClient.newHttpClient()) {
            assertThat(server.port()).isPositive();
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("OK");

            HttpResponse<String> tracking = http.send(HttpRequest.newBuilder(
                            URI.create(server.url() + "/api/2.0/mlflow/experiments/get?experiment_id=0")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tracking.statusCode()).isEqualTo(404);
            assertThat(tracking.body()).contains("\"error_code\":\"ENDPOINT_NOT_FOUND\"", "--artifacts-only");

            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
                    URI.create(server.url() + "/api/2.0/mlflow/nothing/here")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("\"error_code\":\"ENDPOINT_NOT_FOUND\"");

            HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(
                            URI.create(server.url() + "/api/2.0/mlflow/runs/create")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.body()).contains("\"error_code\":\"BAD_REQUEST\"", "POST");
        }
        assertThat(dir.resolve("never-created.db")).doesNotExist();
    }

    @Test
    void joinReturnsOnceTheServerIsClosed() throws Exception {
        ServerOptions options = new ServerOptions("127.0.0.1", 0, "sqlite:///" + dir.resolve("x.db"), null,
                dir.resolve("mlartifacts").toString(), true, true, dir);
        CairnServer server = CairnServer.start(options);
        Thread joiner = Thread.ofVirtual().start(server::join);
        joiner.join(200);
        assertThat(joiner.isAlive()).isTrue();
        server.close();
        joiner.join(5_000);
        assertThat(joiner.isAlive()).isFalse();
    }
}
