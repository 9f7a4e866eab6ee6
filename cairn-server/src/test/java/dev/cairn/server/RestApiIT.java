package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Raw HTTP against the server: exact JSON shapes, and every kind of bad input answered with a 4xx. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestApiIT {
    private static final String API = "/api/2.0/mlflow/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    /** The store behind the server; subclasses run the same suite against another backend. */
    protected String backendStoreUri(Path dir) {
        return TestServers.sqliteUri(dir);
    }

    CairnServer server;
    HttpClient http;

    @BeforeAll
    void start() {
        server = TestServers.start(dir, backendStoreUri(dir));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    record Reply(int status, String body, String contentType) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        Reply assertError(int expectedStatus, String errorCode, String messagePart) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            assertThat(json().path("error_code").asText()).as(body).isEqualTo(errorCode);
            assertThat(json().path("message").asText()).as(body).contains(messagePart);
            return this;
        }

        Reply assertOk() {
            assertThat(status).as(body).isEqualTo(200);
            return this;
        }
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Reply post(String path, String body) {
        return post(path, body, "application/json");
    }

    Reply post(String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    Reply api(String endpoint, String body) {
        return post(API + endpoint, body);
    }

    Reply get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).GET());
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String createExperiment() {
        return api("experiments/create", "{\"name\":\"" + unique("exp") + "\"}").assertOk().json().get("experiment_id").asText();
    }

    String createRun(String experimentId) {
        return api("runs/create", "{\"experiment_id\":\"" + experimentId + "\",\"start_time\":1000}").assertOk()
                .json().at("/run/info/run_id").asText();
    }

    JsonNode getRun(String runId) {
        return get(API + "runs/get?run_id=" + runId).assertOk().json().get("run");
    }

    // --- shapes ---------------------------------------------------------------------------------

    @Test
    void healthAndVersion() {
        Reply health = get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("OK");
        Reply version = get("/version");
        assertThat(version.status()).isEqualTo(200);
        assertThat(version.body()).isNotBlank().doesNotContain("${");
    }

    @Test
    void experimentShapes() {
        String name = unique("shape");
        Reply created = api("experiments/create", "{\"name\":\"" + name + "\",\"tags\":[{\"key\":\"a\",\"value\":\"b\"}]}");
        created.assertOk();
        assertThat(created.contentType()).startsWith("application/json");
        JsonNode id = created.json().get("experiment_id");
        assertThat(id.isTextual()).isTrue();
        assertThat(created.json().size()).isEqualTo(1);

        JsonNode experiment = get(API + "experiments/get?experiment_id=" + id.asText()).assertOk().json().get("experiment");
        assertThat(experiment.get("experiment_id").asText()).isEqualTo(id.asText());
        assertThat(experiment.get("name").asText()).isEqualTo(name);
        assertThat(experiment.get("lifecycle_stage").asText()).isEqualTo("active");
        assertThat(experiment.get("artifact_location").asText()).isNotEmpty();
        assertThat(experiment.get("creation_time").isIntegralNumber()).isTrue();
        assertThat(experiment.get("last_update_time").isIntegralNumber()).isTrue();
        assertThat(experiment.get("tags").get(0).get("key").asText()).isEqualTo("a");

        JsonNode byName = get(API + "experiments/get-by-name?experiment_name=" + q(name)).assertOk().json();
        assertThat(byName.at("/experiment/experiment_id").asText()).isEqualTo(id.asText());

        Reply empty = api("experiments/set-experiment-tag",
                "{\"experiment_id\":\"" + id.asText() + "\",\"key\":\"k\",\"value\":\"v\"}").assertOk();
        assertThat(empty.body()).isEqualTo("{}");
    }

    @Test
    void runShapesOmitUnsetFieldsAndCarryRunUuid() {
        String experimentId = createExperiment();
        JsonNode run = api("runs/create", "{\"experiment_id\":\"" + experimentId + "\",\"run_name\":\"r1\",\"start_time\":5}")
                .assertOk().json().get("run");
        JsonNode info = run.get("info");
        String runId = info.get("run_id").asText();
        assertThat(info.get("run_uuid").asText()).isEqualTo(runId);
        assertThat(info.get("run_name").asText()).isEqualTo("r1");
        assertThat(info.get("status").asText()).isEqualTo("RUNNING");
        assertThat(info.get("start_time").asLong()).isEqualTo(5);
        assertThat(info.has("end_time")).isFalse();
        assertThat(info.get("lifecycle_stage").asText()).isEqualTo("active");
        assertThat(run.get("inputs").isObject()).isTrue();

        JsonNode runInfo = api("runs/update", "{\"run_id\":\"" + runId + "\",\"status\":\"FINISHED\",\"end_time\":9}")
                .assertOk().json().get("run_info");
        assertThat(runInfo.get("status").asText()).isEqualTo("FINISHED");
        assertThat(runInfo.get("end_time").asLong()).isEqualTo(9);
    }

    @Test
    void ajaxPrefixServesTheSameApi() {
        String experimentId = createExperiment();
        Reply reply = get("/ajax-api/2.0/mlflow/experiments/get?experiment_id=" + experimentId).assertOk();
        assertThat(reply.json().at("/experiment/experiment_id").asText()).isEqualTo(experimentId);
        post("/ajax-api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + experimentId + "\"}").assertOk();
    }

    @Test
    void searchExperimentsByGetWithRepeatedOrderBy() {
        String prefix = unique("get-search");
        for (String suffix : List.of("b", "a", "c")) {
            api("experiments/create", "{\"name\":\"" + prefix + "-" + suffix + "\"}").assertOk();
        }
        JsonNode page = get(API + "experiments/search?max_results=2&filter=" + q("name LIKE '" + prefix + "%'")
                + "&order_by=" + q("name DESC") + "&order_by=" + q("creation_time ASC") + "&view_type=ACTIVE_ONLY")
                .assertOk().json();
        assertThat(page.get("experiments")).extracting(e -> e.get("name").asText())
                .containsExactly(prefix + "-c", prefix + "-b");
        String token = page.get("next_page_token").asText();
        JsonNode rest = api("experiments/search", "{\"max_results\":2,\"filter\":\"name LIKE '" + prefix
                + "%'\",\"order_by\":[\"name DESC\"],\"page_token\":\"" + token + "\"}").assertOk().json();
        assertThat(rest.get("experiments")).extracting(e -> e.get("name").asText()).containsExactly(prefix + "-a");
        assertThat(rest.has("next_page_token")).isFalse();
    }

    @Test
    void searchRunsReturnsRunsAndEmptyResultIsEmptyObject() {
        String experimentId = createExperiment();
        assertThat(api("runs/search", "{\"experiment_ids\":[\"" + experimentId + "\"]}").assertOk().body()).isEqualTo("{}");
        String runId = createRun(experimentId);
        api("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":2.5,\"timestamp\":1}").assertOk();
        JsonNode runs = api("runs/search", "{\"experiment_ids\":[\"" + experimentId + "\"],\"filter\":\"metrics.m > 2\","
                + "\"run_view_type\":\"ALL\",\"order_by\":[\"metrics.m DESC\"]}").assertOk().json().get("runs");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).at("/info/run_id").asText()).isEqualTo(runId);
        assertThat(runs.get(0).at("/data/metrics/0/value").asDouble()).isEqualTo(2.5);
    }

    @Test
    void metricHistoryPagesAndBulkInterval() {
        String experimentId = createExperiment();
        String a = createRun(experimentId);
        String b = createRun(experimentId);
        StringBuilder metrics = new StringBuilder();
        for (int step = 0; step < 5; step++) {
            metrics.append(step == 0 ? "" : ",").append("{\"key\":\"loss\",\"value\":").append(step)
                    .append(",\"timestamp\":").append(100 + step).append(",\"step\":").append(step).append('}');
        }
        api("runs/log-batch", "{\"run_id\":\"" + a + "\",\"metrics\":[" + metrics + "]}").assertOk();
        api("runs/log-batch", "{\"run_id\":\"" + b + "\",\"metrics\":[" + metrics + "]}").assertOk();

        List<Long> steps = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = get(API + "metrics/get-history?run_id=" + a + "&metric_key=loss&max_results=2"
                    + (token == null ? "" : "&page_token=" + q(token))).assertOk().json();
            page.get("metrics").forEach(m -> steps.add(m.get("step").asLong()));
            token = page.has("next_page_token") ? page.get("next_page_token").asText() : null;
            pages++;
        } while (token != null && pages < 10);
        assertThat(steps).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(pages).isGreaterThanOrEqualTo(3);

        JsonNode all = get(API + "metrics/get-history?run_uuid=" + a + "&metric_key=loss").assertOk().json();
        assertThat(all.get("metrics")).hasSize(5);

        JsonNode bulk = get(API + "metrics/get-history-bulk-interval?run_ids=" + a + "&run_ids=" + b
                + "&metric_key=loss&start_step=1&end_step=3&max_results=10").assertOk().json();
        assertThat(bulk.get("metrics")).hasSize(6);
        assertThat(bulk.get("metrics")).extracting(m -> m.get("run_id").asText()).containsOnly(a, b);
        assertThat(bulk.get("metrics")).extracting(m -> m.get("step").asLong()).containsOnly(1L, 2L, 3L);
    }

    @Test
    void logInputsShowUpOnTheRun() {
        String runId = createRun(createExperiment());
        api("runs/log-inputs", "{\"run_id\":\"" + runId + "\",\"datasets\":[{\"tags\":[{\"key\":\"mlflow.data.context\","
                + "\"value\":\"train\"}],\"dataset\":{\"name\":\"iris\",\"digest\":\"abc123\",\"source_type\":\"local\","
                + "\"source\":\"{\\\"uri\\\":\\\"/data/iris.csv\\\"}\"}}]}").assertOk();
        JsonNode input = getRun(runId).at("/inputs/dataset_inputs/0");
        assertThat(input.at("/dataset/name").asText()).isEqualTo("iris");
        assertThat(input.at("/dataset/source_type").asText()).isEqualTo("local");
        assertThat(input.at("/tags/0/value").asText()).isEqualTo("train");
    }

    @Test
    void unknownFieldsAreIgnoredAndRunUuidAccepted() {
        String runId = createRun(createExperiment());
        api("runs/set-tag", "{\"run_uuid\":\"" + runId + "\",\"key\":\"k\",\"value\":\"v\",\"brand_new_field\":[1,{}]}")
                .assertOk();
        assertThat(get(API + "runs/get?run_uuid=" + runId + "&whatever=1").assertOk().json()
                .at("/run/data/tags").toString()).contains("\"k\"");
    }

    @Test
    void nonFiniteMetricValuesAreAcceptedAsStringsAndNumbers() {
        String runId = createRun(createExperiment());
        api("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"n\",\"value\":\"NaN\",\"timestamp\":1}").assertOk();
        api("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"p\",\"value\":Infinity,\"timestamp\":1}").assertOk();
        api("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":\"-Infinity\",\"timestamp\":1}").assertOk();
        api("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"b\",\"value\":NaN,\"timestamp\":2}]}").assertOk();
        String metrics = getRun(runId).at("/data/metrics").toString();
        assertThat(metrics).contains("{\"key\":\"n\",\"value\":\"NaN\"", "{\"key\":\"p\",\"value\":\"Infinity\"",
                "{\"key\":\"m\",\"value\":\"-Infinity\"", "{\"key\":\"b\",\"value\":\"NaN\"");
    }

    @Test
    void concurrentRequestsAllLand() throws Exception {
        String runId = createRun(createExperiment());
        int writers = 40;
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int step = i;
                replies.add(pool.submit(() -> api("runs/log-metric", "{\"run_id\":\"" + runId
                        + "\",\"key\":\"c\",\"value\":" + step + ",\"timestamp\":" + step + ",\"step\":" + step + "}")));
            }
            for (var reply : replies) {
                reply.get().assertOk();
            }
        }
        assertThat(get(API + "metrics/get-history?run_id=" + runId + "&metric_key=c").assertOk().json().get("metrics"))
                .hasSize(writers);
    }

    // --- bad input --------------------------------------------------------------------------------

    @Test
    void malformedJsonIsRejected() {
        api("experiments/create", "{\"name\": \"x\"").assertError(400, "MALFORMED_REQUEST", "Malformed JSON");
        api("experiments/create", "not json at all").assertError(400, "MALFORMED_REQUEST", "");
        api("experiments/create", "[\"name\"]").assertError(400, "MALFORMED_REQUEST", "JSON object");
    }

    @Test
    void wrongContentTypeIsRejected() {
        post(API + "experiments/create", "{\"name\":\"" + unique("ct") + "\"}", "text/plain")
                .assertError(400, "INVALID_PARAMETER_VALUE", "Content-Type must be application/json");
        post(API + "experiments/create", "{\"name\":\"" + unique("ct") + "\"}", null)
                .assertError(400, "INVALID_PARAMETER_VALUE", "Content-Type");
        post(API + "experiments/create", "{\"name\":\"" + unique("ct") + "\"}", "application/json; charset=utf-8").assertOk();
    }

    @Test
    void missingRequiredFieldsUseMlflowMessages() {
        api("experiments/create", "{}").assertError(400, "INVALID_PARAMETER_VALUE",
                "Missing value for required parameter 'name'");
        get(API + "experiments/get").assertError(400, "INVALID_PARAMETER_VALUE",
                "Missing value for required parameter 'experiment_id'");
        get(API + "experiments/get-by-name").assertError(400, "INVALID_PARAMETER_VALUE", "'experiment_name'");
        api("experiments/delete", "{}").assertError(400, "INVALID_PARAMETER_VALUE", "'experiment_id'");
        api("runs/log-metric", "{\"key\":\"k\",\"value\":1,\"timestamp\":1}").assertError(400, "INVALID_PARAMETER_VALUE",
                "Missing value for required parameter 'run_id'");
        String runId = createRun(createExperiment());
        api("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"k\",\"timestamp\":1}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "'value'");
        api("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"k\",\"value\":1}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "'timestamp'");
        api("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"value\":\"v\"}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "'key'");
        api("runs/set-tag", "{\"run_id\":\"" + runId + "\",\"value\":\"v\"}").assertError(400, "INVALID_PARAMETER_VALUE", "'key'");
        get(API + "metrics/get-history?run_id=" + runId).assertError(400, "INVALID_PARAMETER_VALUE", "'metric_key'");
        get(API + "metrics/get-history-bulk-interval?metric_key=m").assertError(400, "INVALID_PARAMETER_VALUE", "'run_ids'");
        api("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"params\":[{\"value\":\"v\"}]}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "'params[0].key'");
    }

    @Test
    void wrongTypesAreRejectedNamingTheField() {
        String runId = createRun(createExperiment());
        api("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"k\",\"value\":\"high\",\"timestamp\":1}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "'value'");
        api("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"k\",\"value\":1,\"timestamp\":\"yesterday\"}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "'timestamp'");
        api("experiments/create", "{\"name\":{\"nested\":true}}").assertError(400, "INVALID_PARAMETER_VALUE", "'name'");
        api("runs/search", "{\"max_results\":\"lots\"}").assertError(400, "INVALID_PARAMETER_VALUE", "'max_results'");
        api("runs/search", "{\"run_view_type\":\"SOME\"}").assertError(400, "INVALID_PARAMETER_VALUE", "'run_view_type'");
        api("runs/update", "{\"run_id\":\"" + runId + "\",\"status\":\"DONE\"}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "'status'");
        get(API + "metrics/get-history?run_id=" + runId + "&metric_key=m&max_results=ten")
                .assertError(400, "INVALID_PARAMETER_VALUE", "'max_results'");
        api("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":{\"key\":1}}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "metrics");
    }

    @Test
    void overLimitKeysAndValuesAreRejected() {
        String runId = createRun(createExperiment());
        String longKey = "k".repeat(251);
        api("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"" + longKey + "\",\"value\":\"v\"}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "250");
        api("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"p\",\"value\":\"" + "v".repeat(6001) + "\"}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "6000");
        api("runs/set-tag", "{\"run_id\":\"" + runId + "\",\"key\":\"t\",\"value\":\"" + "v".repeat(8001) + "\"}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "8000");
        api("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"bad key!\",\"value\":1,\"timestamp\":1}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "Invalid metric name");
        api("experiments/create", "{\"name\":\"" + "e".repeat(501) + "\"}").assertError(400, "INVALID_PARAMETER_VALUE", "500");
        StringBuilder params = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            params.append(i == 0 ? "" : ",").append("{\"key\":\"p").append(i).append("\",\"value\":\"v\"}");
        }
        api("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"params\":[" + params + "]}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "at most 100 params");
        assertThat(getRun(runId).at("/data/params").isMissingNode()).isTrue();
    }

    @Test
    void unknownIdsAreNotFound() {
        get(API + "runs/get?run_id=0123456789abcdef0123456789abcdef").assertError(404, "RESOURCE_DOES_NOT_EXIST", "");
        get(API + "experiments/get?experiment_id=999999").assertError(404, "RESOURCE_DOES_NOT_EXIST", "");
        get(API + "experiments/get-by-name?experiment_name=" + unique("nope")).assertError(404, "RESOURCE_DOES_NOT_EXIST", "nope");
        api("runs/log-metric", "{\"run_id\":\"0123456789abcdef0123456789abcdef\",\"key\":\"k\",\"value\":1,\"timestamp\":1}")
                .assertError(404, "RESOURCE_DOES_NOT_EXIST", "");
        api("runs/create", "{\"experiment_id\":\"999999\"}").assertError(404, "RESOURCE_DOES_NOT_EXIST", "");
    }

    @Test
    void deletedRunsRefuseWrites() {
        String runId = createRun(createExperiment());
        api("runs/delete", "{\"run_id\":\"" + runId + "\"}").assertOk();
        api("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"k\",\"value\":1,\"timestamp\":1}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "");
        api("runs/restore", "{\"run_id\":\"" + runId + "\"}").assertOk();
        api("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"k\",\"value\":1,\"timestamp\":1}").assertOk();
    }

    @Test
    void rejectedBatchWritesNothing() {
        String runId = createRun(createExperiment());
        api("runs/log-parameter", "{\"run_id\":\"" + runId + "\",\"key\":\"fixed\",\"value\":\"1\"}").assertOk();

        api("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1}],"
                + "\"params\":[{\"key\":\"a\",\"value\":\"1\"},{\"key\":\"a\",\"value\":\"2\"}]}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "Duplicate parameter keys");

        api("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1}],"
                + "\"tags\":[{\"key\":\"ok\",\"value\":\"1\"},{\"key\":\"bad/../key\",\"value\":\"2\"}]}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "bad/../key");

        // conflicts with stored data are found by the store, inside its transaction
        api("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1}],"
                + "\"params\":[{\"key\":\"b\",\"value\":\"1\"},{\"key\":\"fixed\",\"value\":\"2\"}],"
                + "\"tags\":[{\"key\":\"t\",\"value\":\"1\"}]}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "fixed");

        JsonNode data = getRun(runId).get("data");
        assertThat(data.has("metrics")).as(data.toString()).isFalse();
        assertThat(data.get("params")).hasSize(1);
        assertThat(data.get("params").get(0).get("key").asText()).isEqualTo("fixed");
        assertThat(data.path("tags").toString()).doesNotContain("\"ok\"", "\"t\"");
        assertThat(get(API + "metrics/get-history?run_id=" + runId + "&metric_key=m").assertOk().body()).isEqualTo("{}");
    }

    @Test
    void unparsableFilterIsRejected() {
        String experimentId = createExperiment();
        api("runs/search", "{\"experiment_ids\":[\"" + experimentId + "\"],\"filter\":\"metrics.acc >>> 1\"}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "");
        api("runs/search", "{\"experiment_ids\":[\"" + experimentId + "\"],\"filter\":\"metrics.acc > 1 OR params.x = 'y'\"}")
                .assertError(400, "INVALID_PARAMETER_VALUE", "");
        get(API + "experiments/search?filter=" + q("name === 'x'")).assertError(400, "INVALID_PARAMETER_VALUE", "");
        api("runs/search", "{\"order_by\":[\"metrics.acc SIDEWAYS\"]}").assertError(400, "INVALID_PARAMETER_VALUE", "");
        api("runs/search", "{\"page_token\":\"%%%not-base64\"}").assertError(400, "INVALID_PARAMETER_VALUE", "page token");
        api("runs/search", "{\"max_results\":50001}").assertError(400, "INVALID_PARAMETER_VALUE", "max_results");
    }

    @Test
    void unknownEndpointsAndWrongMethods() {
        get(API + "runs/frobnicate").assertError(404, "ENDPOINT_NOT_FOUND", "runs/frobnicate");
        api("no/such/thing", "{}").assertError(404, "ENDPOINT_NOT_FOUND", "");
        get(API + "runs/create").assertError(405, "BAD_REQUEST", "GET");
        api("runs/get", "{}").assertError(405, "BAD_REQUEST", "POST");
        api("metrics/get-history", "{}").assertError(405, "BAD_REQUEST", "");
    }

    @Test
    void oversizedJsonBodyIsRefused() {
        String huge = "{\"name\":\"" + "x".repeat(MlflowEndpoints.MAX_JSON_BODY_BYTES) + "\"}";
        api("experiments/create", huge).assertError(400, "BAD_REQUEST", "exceeds the limit");
    }
}
