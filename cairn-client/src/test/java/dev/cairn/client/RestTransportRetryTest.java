package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.client.behaviour.TestServer;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.ExperimentId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, errors and credentials against a real local HTTP endpoint that answers what each test scripts. */
class RestTransportRetryTest {
    private HttpServer http;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int failuresBeforeSuccess;
    private volatile int failureStatus = 503;
    private volatile String failureBody = "<html>busy</html>";

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/2.0/mlflow/experiments/get", exchange -> {
            int n = calls.incrementAndGet();
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body;
            int status;
            if (n <= failuresBeforeSuccess) {
                status = failureStatus;
                body = failureBody.getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                body = """
                        {"experiment": {"experiment_id": "7", "name": "fixture", "lifecycle_stage": "active",
                         "creation_time": 1, "last_update_time": 2}}""".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private RestTrackingStore store(ClientConfig config) {
        return new RestTrackingStore("http://127.0.0.1:" + http.getAddress().getPort(), config);
    }

    private static ClientConfig config(int retries) {
        return ClientConfig.fromEnvironment(Map.of(), Path.of(".")).withRetries(retries, Duration.ofMillis(10));
    }

    @Test
    void retries503ThenSucceeds() {
        failuresBeforeSuccess = 2;
        try (RestTrackingStore store = store(config(3))) {
            assertThat(store.getExperiment(ExperimentId.of("7")).name()).isEqualTo("fixture");
        }
        assertThat(calls).hasValue(3);
    }

    @Test
    void retries429() {
        failuresBeforeSuccess = 1;
        failureStatus = 429;
        try (RestTrackingStore store = store(config(2))) {
            assertThat(store.getExperiment(ExperimentId.of("7")).experimentId().value()).isEqualTo("7");
        }
        assertThat(calls).hasValue(2);
    }

    @Test
    void gives5xxUpAfterTheConfiguredRetries() {
        failuresBeforeSuccess = 100;
        try (RestTrackingStore store = store(config(2))) {
            CairnException e = catchThrowableOfType(CairnException.class, () -> store.getExperiment(ExperimentId.of("7")));
            assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
            assertThat(e.getMessage()).contains("503");
        }
        assertThat(calls).hasValue(3);
    }

    @Test
    void doesNotRetry4xxAndKeepsTheServersError() {
        failuresBeforeSuccess = 100;
        failureStatus = 404;
        failureBody = "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"No experiment with id 7\"}";
        try (RestTrackingStore store = store(config(5))) {
            CairnException e = catchThrowableOfType(CairnException.class, () -> store.getExperiment(ExperimentId.of("7")));
            assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertThat(e.getMessage()).isEqualTo("No experiment with id 7");
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void wrongPasswordIsUnauthenticatedAndSaysWhatToCheck() {
        failuresBeforeSuccess = 100;
        failureStatus = 401;
        try (RestTrackingStore store = store(config(5).withBasicAuth("alice", "wrong"))) {
            CairnException e = catchThrowableOfType(CairnException.class, () -> store.getExperiment(ExperimentId.of("7")));
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains("MLFLOW_TRACKING_USERNAME").contains("MLFLOW_TRACKING_PASSWORD");
        }
        assertThat(calls).hasValue(1);
        assertThat(authorizations).containsExactly("Basic YWxpY2U6d3Jvbmc=");
    }

    @Test
    void bearerTokenFromTheEnvironmentWinsOverBasicAuth() {
        ClientConfig config = ClientConfig.fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", "t0k",
                "MLFLOW_TRACKING_USERNAME", "bob", "MLFLOW_TRACKING_PASSWORD", "pw"), Path.of("."));
        try (RestTrackingStore store = store(config)) {
            store.getExperiment(ExperimentId.of("7"));
        }
        assertThat(authorizations).containsExactly("Bearer t0k");
    }

    @Test
    void unreachableServerIsNamedAfterRetries() {
        String url = "http://127.0.0.1:" + TestServer.closedPort();
        try (RestTrackingStore store = new RestTrackingStore(url, config(2))) {
            long start = System.nanoTime();
            CairnException e = catchThrowableOfType(CairnException.class, () -> store.getExperiment(ExperimentId.of("0")));
            assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
            assertThat(e.getMessage()).contains(url).contains("3 attempts");
            // 10 ms + 20 ms of backoff: the retries happened, and quickly
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        }
    }

    @Test
    void environmentVariablesConfigureRetriesAndRejectNonsense() {
        ClientConfig config = ClientConfig.fromEnvironment(Map.of("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "2",
                "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "0.5", "MLFLOW_TRACKING_INSECURE_TLS", "true"), Path.of("."));
        assertThat(config.maxRetries()).isEqualTo(2);
        assertThat(config.backoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.insecureTls()).isTrue();
        CairnException e = catchThrowableOfType(CairnException.class, () -> ClientConfig.fromEnvironment(
                Map.of("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "many"), Path.of(".")));
        assertThat(e.getMessage()).contains("MLFLOW_HTTP_REQUEST_MAX_RETRIES");
    }
}
