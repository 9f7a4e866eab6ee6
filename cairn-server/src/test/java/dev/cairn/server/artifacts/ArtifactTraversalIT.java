package dev.cairn.server.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every path class from MLflow's artifact CVEs, sent raw to a running server through each artifact
 * endpoint: each is answered 400, and canary files planted OUTSIDE the destination (beside it, in a
 * sibling directory sharing its name prefix, behind symlinks) are neither read, overwritten nor deleted.
 */
class ArtifactTraversalIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CANARY = "CANARY-CONTENT-7f3a";
    private static final String SECRET = "SIBLING-SECRET-91b2";

    @TempDir
    static Path dir;
    static ProxyFixture fx;
    static Path canary;
    static Path siblingSecret;
    static String runId;

    @BeforeAll
    static void start() throws Exception {
        fx = new ProxyFixture(dir, true, false);
        Files.createDirectories(fx.destination);
        canary = Files.writeString(dir.resolve("canary.txt"), CANARY);
        siblingSecret = Files.writeString(Files.createDirectories(dir.resolve("mlartifacts-evil")).resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(fx.destination.resolve("link-out"), dir);
        Files.createSymbolicLink(fx.destination.resolve("file-link"), canary);
        Files.createSymbolicLink(fx.destination.resolve("dangling"), dir.resolve("created-by-attacker.txt"));
        String expId = JSON.readTree(fx.send("POST", "/api/2.0/mlflow/experiments/create", "{\"name\":\"t\"}").body())
                .path("experiment_id").asText();
        var info = JSON.readTree(fx.send("POST", "/api/2.0/mlflow/runs/create",
                "{\"experiment_id\":\"" + expId + "\",\"start_time\":1}").body()).path("run").path("info");
        runId = info.path("run_id").asText();
        // The same traps inside the run's own root, for the run-scoped endpoints.
        String root = info.path("artifact_uri").asText();
        Path runRoot = Files.createDirectories(fx.destination.resolve(root.substring(root.indexOf(':') + 1).replaceFirst("^/+", "")));
        Files.createSymbolicLink(runRoot.resolve("link-out"), dir);
        Files.createSymbolicLink(runRoot.resolve("file-link"), canary);
        Files.createSymbolicLink(runRoot.resolve("dangling"), dir.resolve("created-by-attacker.txt"));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @AfterEach
    void canariesUntouched() throws Exception {
        assertThat(canary).hasContent(CANARY);
        assertThat(siblingSecret).hasContent(SECRET);
        assertThat(dir.resolve("created-by-attacker.txt")).doesNotExist();
        try (Stream<Path> top = Files.list(dir)) {
            assertThat(top.map(p -> p.getFileName().toString()))
                    .allMatch(n -> List.of("canary.txt", "mlartifacts", "mlartifacts-evil", "mlflow.db", "mlflow.db-wal",
                            "mlflow.db-shm", "mlruns").contains(n));
        }
    }

    /** Raw (already URL-encoded as sent) artifact paths. */
    static Stream<String> hostilePaths() {
        return Stream.of(
                "../canary.txt", "x/../../canary.txt", "./../canary.txt",
                "..%2Fcanary.txt", "%2e%2e/canary.txt", "%2E%2E%2Fcanary.txt", "x%2F..%2F..%2Fcanary.txt",
                "%252e%252e/canary.txt", "%252e%252e%252fcanary.txt", "..%252fcanary.txt",
                "..%5Ccanary.txt", "%5C..%5C..%5Ccanary.txt",
                "%2Fetc%2Fpasswd", "%2F%2Fetc%2Fpasswd",
                "C:%5Cwindows%5Cwin.ini", "C:/windows/win.ini", "c:canary.txt",
                "a%23/../../canary.txt", "a%3F/../../canary.txt",
                "a%00b", "canary.txt%00.png",
                "link-out/canary.txt", "file-link", "dangling", "link-out/mlartifacts-evil/secret.txt",
                "..%2Fmlartifacts-evil%2Fsecret.txt",
                "%EF%BC%8E%EF%BC%8E/canary.txt", "..%EF%BC%8Fcanary.txt", "..%C0%AFcanary.txt",
                "n".repeat(300), "d/".repeat(2100) + "x");
    }

    @ParameterizedTest
    @MethodSource("hostilePaths")
    void proxyDownloadRefuses(String path) throws Exception {
        assertBadRequest(fx.send("GET", "/api/2.0/mlflow-artifacts/artifacts/" + path, null));
    }

    @ParameterizedTest
    @MethodSource("hostilePaths")
    void proxyUploadRefuses(String path) throws Exception {
        assertBadRequest(fx.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + path, "pwned"));
    }

    @ParameterizedTest
    @MethodSource("hostilePaths")
    void proxyDeleteRefuses(String path) throws Exception {
        assertBadRequest(fx.send("DELETE", "/api/2.0/mlflow-artifacts/artifacts/" + path, null));
    }

    @ParameterizedTest
    @MethodSource("hostilePaths")
    void proxyListRefuses(String path) throws Exception {
        assertBadRequest(fx.send("GET", "/api/2.0/mlflow-artifacts/artifacts?path=" + path, null));
    }

    @ParameterizedTest
    @MethodSource("hostilePaths")
    void runListingRefuses(String path) throws Exception {
        assertBadRequest(fx.send("GET", "/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=" + path, null));
    }

    @ParameterizedTest
    @MethodSource("hostilePaths")
    void getArtifactRefuses(String path) throws Exception {
        assertBadRequest(fx.send("GET", "/get-artifact?run_id=" + runId + "&path=" + path, null));
        assertBadRequest(fx.send("GET", "/ajax-api/2.0/mlflow/get-artifact?run_id=" + runId + "&path=" + path, null));
    }

    @ParameterizedTest
    @MethodSource("hostilePaths")
    void multipartCreateRefuses(String path) throws Exception {
        assertBadRequest(fx.send("POST", "/api/2.0/mlflow-artifacts/mpu/create/" + path,
                "{\"path\":\"f.bin\",\"num_parts\":1}"));
    }

    @Test
    void multipartFileNameCannotEscapeEither() throws Exception {
        for (String name : List.of("..", "a\\u0000b", "%2e%2e")) {
            assertBadRequest(fx.send("POST", "/api/2.0/mlflow-artifacts/mpu/create/ok",
                    "{\"path\":\"" + name + "\",\"num_parts\":1}"));
        }
    }

    @Test
    void listingHidesLinksThatLeaveTheRoot() throws Exception {
        String body = fx.send("GET", "/api/2.0/mlflow-artifacts/artifacts", null).body();
        assertThat(body).doesNotContain("link-out", "file-link", "dangling");
    }

    private static void assertBadRequest(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().uri() + " -> " + response.body()).isEqualTo(400);
        assertThat(response.body()).doesNotContain(CANARY, SECRET);
    }
}
