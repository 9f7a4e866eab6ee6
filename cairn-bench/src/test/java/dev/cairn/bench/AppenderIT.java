package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench measuring SearchRuns on a directory store while a second server over the same directory
 * appends: the shape of "SearchRuns while another process appends", in one JVM.
 */
class AppenderIT {
    private static final int RUNS = 20;

    @TempDir
    static Path tmp;

    private static CairnServer measured;
    private static CairnServer appending;

    @BeforeAll
    static void startTwoServersOnOneDirectory() {
        String store = tmp.resolve("mlruns").toUri().toString();
        measured = start(store);
        appending = start(store);
    }

    private static CairnServer start(String store) {
        return CairnServer.start(ServerOptions.defaults().withPort(0).withBackendStoreUri(store).withWorkingDir(tmp));
    }

    @AfterAll
    static void stopServers() {
        for (CairnServer server : new CairnServer[] {measured, appending}) {
            if (server != null) {
                server.close();
            }
        }
    }

    private record Run(int exitCode, LoadGenerator generator, String stderr) {}

    private static Run bench(String appenderUrl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoadGenerator generator = new LoadGenerator(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = LoadGenerator.commandLine(generator).execute("--url", measured.url(), "--appender-url", appenderUrl,
                "--clients", "2", "--runs", String.valueOf(RUNS), "--duration", "1", "--warmup", "0.5",
                "--workloads", "SearchRuns");
        return new Run(exit, generator, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void appendsToTheFixtureRunsThroughTheSecondServerWhileSearchRunsIsMeasured() throws Exception {
        Run run = bench(appending.url());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.generator().results()).singleElement()
                .satisfies(result -> assertThat(result.errors()).as(result.firstError()).isZero());
        Matcher line = Pattern.compile("appender: ([\\d,]+) batches \\([\\d.]+/s\\) into ([\\d,]+) runs via "
                + Pattern.quote(appending.url().replaceAll("/$", "")) + ", 0 errors")
                .matcher(run.stderr());
        assertThat(line.find()).as(run.stderr()).isTrue();
        long batches = Long.parseLong(line.group(1).replace(",", ""));
        assertThat(batches).isPositive();
        assertThat(run.generator().appended()).singleElement()
                .satisfies(summary -> assertThat(summary.batches()).isEqualTo(batches));

        // Read back through the measured server: the other server's appends are on the shared disk.
        List<JsonNode> runs = fixtureRuns(new MlflowHttp(URI.create(measured.url())));
        assertThat(runs).hasSize(RUNS);
        long withAppended = runs.stream().filter(r -> hasMetric(r, Appender.METRIC_KEY)).count();
        assertThat(withAppended).isEqualTo(Math.min(batches, RUNS));
    }

    @Test
    void aFailingAppenderFailsTheInvocation() throws IOException {
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/health", exchange -> LoadRunnerTest.respond(exchange, 200, "OK"));
        refusing.createContext("/api/2.0/mlflow/", exchange -> LoadRunnerTest.respond(exchange, 503, "{\"message\":\"read-only\"}"));
        refusing.start();
        try {
            Run run = bench("http://127.0.0.1:" + refusing.getAddress().getPort());

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
            assertThat(run.generator().results()).singleElement()
                    .satisfies(result -> assertThat(result.errors()).isZero());
            assertThat(run.stderr()).containsPattern("appender: [\\d,]+ batches .* [1-9][\\d,]* errors")
                    .contains("appender first error: HTTP 503: {\"message\":\"read-only\"}");
        } finally {
            refusing.stop(0);
        }
    }

    private static List<JsonNode> fixtureRuns(MlflowHttp http) throws IOException, InterruptedException {
        RequestBodies bodies = new RequestBodies(http.mapper());
        String experimentId = http.call(http.get("experiments/get-by-name",
                Map.of("experiment_name", FixtureSetup.searchExperimentName(RUNS))))
                .path("experiment").path("experiment_id").asText();
        JsonNode page = http.call(http.post("runs/search",
                http.json(bodies.searchRuns(List.of(experimentId), null, 1000, null))));
        List<JsonNode> runs = new ArrayList<>();
        page.path("runs").forEach(runs::add);
        return runs;
    }

    private static boolean hasMetric(JsonNode run, String key) {
        for (JsonNode metric : run.path("data").path("metrics")) {
            if (key.equals(metric.path("key").asText())) {
                return true;
            }
        }
        return false;
    }
}
