package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.behaviour.TestServer;
import dev.cairn.server.CairnServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented exit statuses, and messages without stack traces unless --verbose. */
class CliExitCodesIT {
    @TempDir
    Path dir;

    private CliRunner cli() {
        return new CliRunner(Map.of("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0"), dir);
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(cli().run("--help").exitCode()).isZero();
        assertThat(cli().run("runs", "list", "--help").out()).contains("--filter").contains("--tracking-uri");
        assertThat(cli().run("server", "--help").out()).contains("--backend-store-uri").contains("--no-serve-artifacts");
        assertThat(cli().run("--version").out()).startsWith("cairn ");
    }

    @Test
    void badCommandLineIsTwo() {
        CliRunner.Result r = cli().run("runs", "lst");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("runs list");
        assertThat(cli().run("runs", "list").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void refusedRequestIsOneWithoutStackTraceUnlessVerbose() {
        String uri = "sqlite:///" + dir.resolve("mlflow.db");
        CliRunner.Result r = cli().run("runs", "describe", "--run-id", "0123456789abcdef0123456789abcdef", "--tracking-uri", uri);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(r.err()).startsWith("cairn: RESOURCE_DOES_NOT_EXIST").doesNotContain("\tat ");
        CliRunner.Result verbose = cli().run("runs", "describe", "--run-id", "0123456789abcdef0123456789abcdef",
                "--tracking-uri", uri, "--verbose");
        assertThat(verbose.err()).contains("\tat ");
    }

    @Test
    void unreachableServerIsThreeAndNamesTheUrl() {
        String url = "http://127.0.0.1:" + TestServer.closedPort();
        CliRunner.Result r = cli().run("experiments", "list", "--tracking-uri", url);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err()).contains(url).doesNotContain("\tat ");
    }

    @Test
    void doctorPassesOnAWritableStoreAndFailsWithFourOnAnUnusableOne() throws Exception {
        CliRunner.Result ok = cli().run("doctor", "--tracking-uri", dir.resolve("mlruns").toString());
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("set explicitly").contains("directory store").contains("[ok]");
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        CliRunner.Result bad = cli().run("doctor", "--tracking-uri", file.resolve("mlruns").toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(bad.out()).contains("[FAIL]").contains("plain-file is not a directory");
    }

    @Test
    void doctorAgainstAServerReportsProxiedArtifactsAndTheEnvironmentRule() {
        try (CairnServer server = TestServer.start(dir)) {
            CliRunner.Result r = new CliRunner(Map.of("MLFLOW_TRACKING_URI", server.url()), dir).run("doctor", "--output", "json");
            assertThat(r.out()).contains("MLFLOW_TRACKING_URI environment variable").contains("mlflow-artifacts:");
        }
    }

    @Test
    void dbUpgradeCreatesASqliteSchemaAndRefusesADirectory() {
        String uri = "sqlite:///" + dir.resolve("fresh.db");
        CliRunner.Result r = cli().run("db", "upgrade", "--tracking-uri", uri);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(dir.resolve("fresh.db")).exists();
        CliRunner.Result refused = cli().run("db", "upgrade", "--tracking-uri", dir.resolve("mlruns").toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(refused.err()).contains("directory store");
    }

    @Test
    void completionScriptCoversTheCommands() {
        CliRunner.Result r = cli().run("completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("complete").contains("experiments").contains("doctor");
    }

    @Test
    void serverCommandStartsAndServesTheApi() throws Exception {
        // port 0 and a thread: the command blocks in join() until the server stops
        java.io.StringWriter out = new java.io.StringWriter();
        Thread t = new Thread(() -> CairnCli.execute(Map.of(), dir, new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true), "server", "--port", "0",
                "--backend-store-uri", "sqlite:///" + dir.resolve("s.db")));
        t.setDaemon(true);
        t.start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!out.toString().contains("listening on") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        String url = out.toString().replaceAll("(?s).*listening on (\\S+).*", "$1").trim();
        CliRunner.Result r = cli().run("experiments", "list", "--tracking-uri", url);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Default");
    }
}
