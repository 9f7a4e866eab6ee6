package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every workload for about a second against the real Cairn server on SQLite, with tiny fixtures. */
class LoadGeneratorIT {
    @TempDir
    static Path tmp;

    private static CairnServer server;
    private static String url;

    /** SQLite, the server's default; {@code -Dcairn.bench.it.store=file} runs on the directory store. */
    @BeforeAll
    static void startServer() {
        String store = "file".equals(System.getProperty("cairn.bench.it.store"))
                ? tmp.resolve("mlruns").toUri().toString()
                : "sqlite:///" + tmp + "/b.db";
        server = CairnServer.start(ServerOptions.defaults()
                .withPort(0)
                .withBackendStoreUri(store)
                .withWorkingDir(tmp));
        url = server.url();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private record Run(int exitCode, List<WorkloadResult> results, String stdout, String stderr) {}

    private static Run bench(String... workloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoadGenerator generator = new LoadGenerator(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = LoadGenerator.commandLine(generator).execute("--url", url, "--clients", "4", "--duration", "1",
                "--warmup", "0.3", "--runs", "30", "--history-points", "2500", "--workloads", String.join(",", workloads));
        return new Run(exit, generator.results(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyWorkloadRunsWithoutErrors() {
        Run run = bench("LogMetricBatch10", "LogParamBatch10", "LogParamBatch100", "CreateRun", "GetRun", "SearchRuns",
                "SearchExperiments", "GetMetricHistory");

        assertThat(run.results()).as(run.stderr()).extracting(WorkloadResult::name)
                .containsExactly("LogMetricBatch10", "LogParamBatch10", "LogParamBatch100", "CreateRun", "GetRun",
                        "SearchRuns", "SearchExperiments", "GetMetricHistory");
        for (WorkloadResult result : run.results()) {
            assertThat(result.errors()).as(result.name() + ": " + result.firstError()).isZero();
            assertThat(result.requests()).as(result.name()).isPositive();
            assertThat(result.requestsPerSecond()).as(result.name()).isPositive();
            assertThat(result.p50Millis()).as(result.name()).isPositive();
        }
        assertThat(run.exitCode()).isZero();
        // Header plus one line per workload.
        assertThat(run.stdout().lines().toList()).hasSize(9);
    }

    @Test
    void secondInvocationReusesTheFixtures() {
        bench("GetRun", "GetMetricHistory");

        Run again = bench("SearchRuns", "GetMetricHistory");

        assertThat(again.stderr())
                .contains("reusing experiment '" + FixtureSetup.searchExperimentName(30) + "'")
                .contains("reusing 2500-point metric history")
                .doesNotContain("creating experiment");
        assertThat(again.results()).allSatisfy(result -> assertThat(result.errors()).isZero());
    }
}
