package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.bench.BenchFixture.HistoryData;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runner and the history workload against a small real HTTP server (the JDK's). */
class LoadRunnerTest {
    private HttpServer server;
    private MlflowHttp http;
    private final AtomicLong served = new AtomicLong();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/2.0/mlflow/runs/get", exchange -> {
            long n = served.incrementAndGet();
            if (n % 3 == 0) {
                respond(exchange, 500, "{\"error_code\":\"INTERNAL_ERROR\",\"message\":\"boom " + n + "\"}");
            } else {
                respond(exchange, 200, "{\"run\":{}}");
            }
        });
        server.createContext("/api/2.0/mlflow/metrics/get-history", this::history);
        server.start();
        http = new MlflowHttp(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void countsNon2xxAsErrorsAndKeepsTheFirstBody() throws Exception {
        Workload workload = new Workload() {
            @Override
            public String name() {
                return "GetRun";
            }

            @Override
            public ClientTask newClient(int clientIndex) {
                var request = http.get("runs/get", Map.of("run_id", "abc"));
                return () -> http.exchange(request);
            }
        };

        WorkloadResult result = new LoadRunner(Duration.ofMillis(200), Duration.ofMillis(500)).run(workload, 3);

        assertThat(result.clients()).isEqualTo(3);
        assertThat(result.requests()).isPositive();
        // Warm-up requests reach the server but are not measured.
        assertThat(served.get()).isGreaterThan(result.requests());
        assertThat((double) result.errors()).isCloseTo(result.requests() / 3.0, org.assertj.core.data.Offset.offset(3.0));
        assertThat(result.firstError()).startsWith("HTTP 500: ").contains("INTERNAL_ERROR").contains("boom");
        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(result.requests());
        assertThat(result.elapsedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(result.requestsPerSecond()).isPositive();
    }

    @Test
    void historyIsOneOperationAcrossAllItsPages() throws Exception {
        BenchFixture fixture = new BenchFixture(null, new HistoryData("1", "run1", "loss", 250), null);
        Workloads workloads = new Workloads(http, new FixtureSetup(http, 1, new PrintStream(OutputStream.nullOutputStream())),
                fixture, 1, 100);
        Workload workload = workloads.create(WorkloadKind.GET_METRIC_HISTORY);

        assertThat(workload.clients(8)).isEqualTo(1);
        Outcome outcome = workload.newClient(0).runOnce();

        assertThat(outcome.ok()).as(outcome.describe()).isTrue();
        // 250 points in pages of 100: three requests.
        assertThat(pagesServed.get()).isEqualTo(3);
    }

    @Test
    void historyWithMissingPointsIsAnError() throws Exception {
        BenchFixture fixture = new BenchFixture(null, new HistoryData("1", "run1", "loss", 300), null);
        Workloads workloads = new Workloads(http, new FixtureSetup(http, 1, new PrintStream(OutputStream.nullOutputStream())),
                fixture, 1, 0);
        historyTotal = 250;

        Outcome outcome = workloads.create(WorkloadKind.GET_METRIC_HISTORY).newClient(0).runOnce();

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.detail()).contains("expected 300 points, got 250");
    }

    private final AtomicLong pagesServed = new AtomicLong();
    private volatile int historyTotal = 250;

    /** Pages by max_results; the token is the offset of the next page. */
    private void history(HttpExchange exchange) throws IOException {
        pagesServed.incrementAndGet();
        Map<String, String> query = java.util.Arrays.stream(exchange.getRequestURI().getQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
        int from = Integer.parseInt(query.getOrDefault("page_token", "0"));
        int size = Integer.parseInt(query.get("max_results"));
        int to = Math.min(historyTotal, from + size);
        String metrics = LongStream.range(from, to)
                .mapToObj(step -> "{\"key\":\"loss\",\"value\":0.5,\"timestamp\":" + (1000 + step) + ",\"step\":" + step + "}")
                .collect(Collectors.joining(","));
        String token = to < historyTotal ? ",\"next_page_token\":\"" + to + "\"" : "";
        respond(exchange, 200, "{\"metrics\":[" + metrics + "]" + token + "}");
    }

    /** A JSON answer from a JDK test server; shared by the other tests that stub a server. */
    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
