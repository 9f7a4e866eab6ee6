package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The appender's schedule, bodies and shutdown against a small real HTTP server (the JDK's). */
class AppenderTest {
    private static final List<String> RUNS = List.of("r0", "r1", "r2");

    private HttpServer server;
    private MlflowHttp http;
    private final ConcurrentLinkedQueue<JsonNode> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile long answerDelayMillis;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/2.0/mlflow/runs/log-batch", this::logBatch);
        server.start();
        http = new MlflowHttp(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void logBatch(HttpExchange exchange) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            received.add(new ObjectMapper().readTree(exchange.getRequestBody()));
            Thread.sleep(answerDelayMillis);
            LoadRunnerTest.respond(exchange, 200, "{}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Test
    void appendsTenIncreasingPointsOfItsOwnKeyIntoTheRunsInTurn() throws Exception {
        Appender appender = new Appender(http, RUNS, 100);

        appender.start();
        Thread.sleep(400);
        Appender.Summary summary = appender.stop();

        assertThat(summary.errors()).isZero();
        assertThat(summary.batches()).isEqualTo(received.size()).isGreaterThanOrEqualTo(4);
        assertThat(summary.runs()).isEqualTo(3);
        List<JsonNode> batches = List.copyOf(received);
        long lastStep = -1;
        for (int i = 0; i < batches.size(); i++) {
            JsonNode batch = batches.get(i);
            assertThat(batch.path("run_id").asText()).isEqualTo(RUNS.get(i % RUNS.size()));
            assertThat(batch.path("metrics")).hasSize(Appender.POINTS_PER_BATCH);
            for (JsonNode point : batch.path("metrics")) {
                assertThat(point.path("key").asText()).isEqualTo(Appender.METRIC_KEY);
                assertThat(point.path("step").asLong()).isGreaterThan(lastStep);
                lastStep = point.path("step").asLong();
            }
        }
    }

    @Test
    void keepsToTheRateWithoutBursting() throws Exception {
        Appender appender = new Appender(http, RUNS, 20);

        appender.start();
        Thread.sleep(500);
        Appender.Summary summary = appender.stop();

        // One slot every 50 ms from the start: never more than that, however late the test thread woke.
        assertThat(summary.batches()).isBetween(2L, summary.elapsedNanos() / 50_000_000 + 1);
    }

    @Test
    void aSlowServerGetsOneBatchAtATimeAndStopWaitsForTheAnswer() throws Exception {
        answerDelayMillis = 100;
        Appender appender = new Appender(http, RUNS, 1000);

        appender.start();
        Thread.sleep(350);
        Appender.Summary summary = appender.stop();

        assertThat(maxInFlight.get()).isEqualTo(1);
        // As fast as answered (one per 100 ms at most), not the 1,000/s it fell behind.
        assertThat(summary.batches()).isBetween(1L, summary.elapsedNanos() / 100_000_000 + 1);
        // The batch in flight at stop() was answered, not cut off into an error.
        assertThat(summary.errors()).isZero();
        assertThat(received).hasSize((int) summary.batches());
    }

    @Test
    void leavesNoThreadBehindAndCanRunAgain() throws Exception {
        Appender appender = new Appender(http, RUNS, 50);

        appender.start();
        Thread.sleep(50);
        appender.stop();
        appender.start();
        Thread.sleep(50);
        Appender.Summary second = appender.stop();
        appender.close();

        assertThat(second.batches()).isPositive();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().equals("bench-appender"));
        assertThatThrownBy(appender::stop).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void summaryLine() {
        Appender.Summary summary = new Appender.Summary(1203, 0, 60_150_000_000L, 1000,
                URI.create("http://127.0.0.1:5001"), null);

        assertThat(summary.line()).isEqualTo("appender: 1,203 batches (20.0/s) into 1,000 runs via http://127.0.0.1:5001, 0 errors");
    }

    @Test
    void rejectsANonPositiveRateAndNoRuns() {
        assertThatThrownBy(() -> new Appender(http, RUNS, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Appender(http, RUNS, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Appender(http, List.of(), 20)).isInstanceOf(IllegalArgumentException.class);
    }
}
