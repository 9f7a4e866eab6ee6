package dev.cairn.server.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact proxy, the run listing and /get-artifact over raw HTTP against a running server. */
class ArtifactProxyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";

    @TempDir
    Path dir;
    ProxyFixture fx;

    @BeforeEach
    void start() {
        fx = new ProxyFixture(dir, true, false);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void uploadDownloadListDelete() throws Exception {
        assertThat(fx.send("PUT", PROXY + "/exp/a%20b/hello.txt", "hello").statusCode()).isEqualTo(200);
        assertThat(fx.destination.resolve("exp/a b/hello.txt")).hasContent("hello");

        HttpResponse<String> get = fx.send("GET", PROXY + "/exp/a%20b/hello.txt", null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hello");
        assertThat(get.headers().firstValue("Content-Length")).contains("5");

        JsonNode list = JSON.readTree(fx.send("GET", PROXY + "?path=exp", null).body());
        assertThat(list.path("files").get(0).path("path").asText()).isEqualTo("a b");
        assertThat(list.path("files").get(0).path("is_dir").asBoolean()).isTrue();
        JsonNode inner = JSON.readTree(fx.send("GET", PROXY + "?path=exp/a%20b", null).body());
        assertThat(inner.toString()).isEqualTo("{\"files\":[{\"path\":\"hello.txt\",\"is_dir\":false,\"file_size\":5}]}");
        assertThat(fx.send("GET", PROXY + "?path=nothing", null).body()).isEqualTo("{}");

        assertThat(fx.send("DELETE", PROXY + "/exp/a%20b/hello.txt", null).statusCode()).isEqualTo(200);
        assertThat(fx.destination.resolve("exp/a b/hello.txt")).doesNotExist();
        HttpResponse<String> missing = fx.send("GET", PROXY + "/exp/a%20b/hello.txt", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void runArtifactsAreListedAndServedFromTheDestination() throws Exception {
        String expId = JSON.readTree(fx.send("POST", "/api/2.0/mlflow/experiments/create", "{\"name\":\"e\"}").body())
                .path("experiment_id").asText();
        JsonNode run = JSON.readTree(fx.send("POST", "/api/2.0/mlflow/runs/create",
                "{\"experiment_id\":\"" + expId + "\",\"start_time\":1}").body()).path("run").path("info");
        String runId = run.path("run_id").asText();
        String root = run.path("artifact_uri").asText();
        assertThat(root).startsWith("mlflow-artifacts:");
        String rel = root.substring(root.indexOf(':') + 1).replaceFirst("^/+", "");

        fx.send("PUT", PROXY + "/" + rel + "/model/weights.bin", "0123456789");
        fx.send("PUT", PROXY + "/" + rel + "/notes.txt", "<script>alert(1)</script>");

        JsonNode top = JSON.readTree(fx.send("GET", "/api/2.0/mlflow/artifacts/list?run_id=" + runId, null).body());
        assertThat(top.path("root_uri").asText()).isEqualTo(root);
        assertThat(top.path("files").toString()).isEqualTo(
                "[{\"path\":\"model\",\"is_dir\":true},{\"path\":\"notes.txt\",\"is_dir\":false,\"file_size\":25}]");
        JsonNode model = JSON.readTree(fx.send("GET", "/ajax-api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=model", null).body());
        assertThat(model.path("files").get(0).path("path").asText()).isEqualTo("model/weights.bin");

        HttpResponse<String> ui = fx.send("GET", "/get-artifact?run_id=" + runId + "&path=notes.txt", null);
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).isEqualTo("<script>alert(1)</script>");
        assertThat(ui.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(ui.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(fx.send("GET", "/ajax-api/2.0/mlflow/get-artifact?run_uuid=" + runId + "&path=model/weights.bin", null).body())
                .isEqualTo("0123456789");
        assertThat(fx.send("GET", "/get-artifact?run_id=" + runId + "&path=nope", null).statusCode()).isEqualTo(404);
        assertThat(fx.send("GET", "/api/2.0/mlflow/artifacts/list?run_id=ffffffffffffffffffffffffffffffff", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void multipartUploadAssemblesPartsInOrder() throws Exception {
        JsonNode created = JSON.readTree(fx.send("POST", "/api/2.0/mlflow-artifacts/mpu/create/big",
                "{\"path\":\"/home/me/data.bin\",\"num_parts\":3}").body());
        String uploadId = created.path("upload_id").asText();
        assertThat(created.path("credentials")).hasSize(3);
        StringBuilder parts = new StringBuilder();
        String[] chunks = {"first-", "second-", "third"};
        for (int i = 2; i >= 0; i--) { // out of order on purpose
            JsonNode cred = created.path("credentials").get(i);
            String url = cred.path("url").asText();
            HttpResponse<String> put = fx.send("PUT", url.substring(fx.server.url().length()), chunks[i]);
            assertThat(put.statusCode()).isEqualTo(200);
            String etag = put.headers().firstValue("ETag").orElseThrow();
            parts.insert(0, (i == 0 ? "" : ",") + "{\"part_number\":" + (i + 1) + ",\"etag\":" + etag.replace("\"", "\\\"").transform(s -> "\"" + s + "\"") + "}");
        }
        String parts2 = parts.toString().replace("\\\"", "");
        HttpResponse<String> done = fx.send("POST", "/api/2.0/mlflow-artifacts/mpu/complete/big",
                "{\"path\":\"/home/me/data.bin\",\"upload_id\":\"" + uploadId + "\",\"parts\":[" + parts2 + "]}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(fx.destination.resolve("big/data.bin")).hasContent("first-second-third");

        JsonNode other = JSON.readTree(fx.send("POST", "/api/2.0/mlflow-artifacts/mpu/create/x",
                "{\"path\":\"f\",\"num_parts\":1}").body());
        assertThat(fx.send("POST", "/api/2.0/mlflow-artifacts/mpu/abort/x",
                "{\"path\":\"f\",\"upload_id\":\"" + other.path("upload_id").asText() + "\"}").statusCode()).isEqualTo(200);
        assertThat(fx.send("POST", "/api/2.0/mlflow-artifacts/mpu/complete/x",
                "{\"path\":\"f\",\"upload_id\":\"" + other.path("upload_id").asText() + "\",\"parts\":[]}").statusCode()).isEqualTo(404);
        assertThat(fx.send("POST", "/api/2.0/mlflow-artifacts/mpu/abort/x",
                "{\"path\":\"f\",\"upload_id\":\"../../etc\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void proxyIsOffWithoutServeArtifacts() throws Exception {
        fx.close();
        fx = new ProxyFixture(dir, false, false);
        HttpResponse<String> r = fx.send("PUT", PROXY + "/x.txt", "x");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("ENDPOINT_NOT_FOUND", "--serve-artifacts");
        assertThat(fx.destination.resolve("x.txt")).doesNotExist();
    }

    @Test
    void artifactsOnlyServesTheProxy() throws Exception {
        fx.close();
        Path only = Files.createDirectories(dir.resolve("artifacts-only"));
        fx = new ProxyFixture(only, true, true);
        assertThat(fx.send("PUT", PROXY + "/only/x.txt", "x").statusCode()).isEqualTo(200);
        assertThat(fx.send("GET", PROXY + "/only/x.txt", null).body()).isEqualTo("x");
        assertThat(only.resolve("mlflow.db")).doesNotExist();
    }
}
