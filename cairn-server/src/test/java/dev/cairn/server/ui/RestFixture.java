package dev.cairn.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** Creates test data through the server's MLflow REST API, as any client would. */
final class RestFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    RestFixture(String base) {
        this.base = base;
    }

    String createExperiment(String name) {
        return post("experiments/create", Map.of("name", name)).get("experiment_id").asText();
    }

    String createRun(String experimentId, String name, long startTime) {
        ObjectNode body = JSON.createObjectNode();
        body.put("experiment_id", experimentId);
        body.put("run_name", name);
        body.put("start_time", startTime);
        return post("runs/create", body).get("run").get("info").get("run_id").asText();
    }

    void finish(String runId, String status, long endTime) {
        post("runs/update", Map.of("run_id", runId, "status", status, "end_time", endTime));
    }

    /** One log-batch call; metrics as {key, value, timestamp, step} maps. */
    void logBatch(String runId, List<Map<String, Object>> metrics, Map<String, String> params, Map<String, String> tags) {
        ObjectNode body = JSON.createObjectNode();
        body.put("run_id", runId);
        ArrayNode m = body.putArray("metrics");
        metrics.forEach(x -> m.add(JSON.valueToTree(x)));
        ArrayNode p = body.putArray("params");
        params.forEach((k, v) -> p.addObject().put("key", k).put("value", v));
        ArrayNode t = body.putArray("tags");
        tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
        post("runs/log-batch", body);
    }

    void logInputs(String runId, String datasetName, String digest, String context) {
        ObjectNode body = JSON.createObjectNode();
        body.put("run_id", runId);
        ObjectNode input = body.putArray("datasets").addObject();
        input.putArray("tags").addObject().put("key", "mlflow.data.context").put("value", context);
        input.putObject("dataset")
                .put("name", datasetName)
                .put("digest", digest)
                .put("source_type", "local")
                .put("source", "{\"uri\": \"/data/" + datasetName + ".csv\"}")
                .put("schema", "{\"columns\": [\"x\", \"y\"]}")
                .put("profile", "{\"rows\": 1000}");
        post("runs/log-inputs", body);
    }

    void deleteRun(String runId) {
        post("runs/delete", Map.of("run_id", runId));
    }

    /** Uploads through the artifact proxy (mlflow-artifacts) under the run's artifact URI. */
    void uploadArtifact(String runId, String path, byte[] content, String contentType) {
        JsonNode run = get("runs/get?run_id=" + runId).get("run").get("info");
        String uri = run.get("artifact_uri").asText();
        String prefix = "mlflow-artifacts:/";
        if (!uri.startsWith(prefix)) {
            throw new IllegalStateException("expected a proxied artifact URI, got " + uri);
        }
        String target = base + "/api/2.0/mlflow-artifacts/artifacts/" + uri.substring(prefix.length()).replaceAll("^/+", "") + "/" + path;
        send(HttpRequest.newBuilder(URI.create(target)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + path)).GET().build());
    }

    /** A GET of the UI's own API ({@link UiRoutes#API_PREFIX}). */
    JsonNode getUi(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + UiRoutes.API_PREFIX + pathAndQuery)).GET().build());
    }

    JsonNode post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + response.statusCode() + ": "
                        + new String(response.body()));
            }
            return response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> metric(String key, double value, long timestamp, long step) {
        return Map.of("key", key, "value", value, "timestamp", timestamp, "step", step);
    }
}
