package dev.cairn.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.RunId;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.migrate.cli.MigrateCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A real migration process killed with SIGKILL halfway, then rerun to a clean verification. */
class MigrationKillIT {
    @TempDir
    Path dir;

    @Test
    void aKilledMigrationLeavesOnlyWholeRunsAndTheRerunFinishesIt() throws Exception {
        String source = "sqlite:///" + dir.resolve("source.db");
        BulkFixture.write(source, dir, dir.resolve("source-artifacts"), 300, 400);
        Path target = dir.resolve("target/mlruns");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MigrateCommand.class.getName(),
                "--from", source, "--to", target.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (runFolders(target) < 40 && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        process.destroyForcibly().waitFor();
        long visible = runFolders(target);
        assertThat(visible).as(Files.readString(dir.resolve("killed.log"))).isBetween(1L, 299L);

        StoreConfig config = new StoreConfig(null, dir);
        try (MigrationEndpoint s = MigrationEndpoint.openSource(TrackingUri.parse(source), config);
                MigrationEndpoint t = MigrationEndpoint.openTarget(TrackingUri.parse(target.toString()), config)) {
            Migration check = new Migration(s, t, MigrationOptions.all(), MigrationProgress.NONE);
            List<String> present = check.selectedRunIds().stream().map(RunId::value).filter(id -> {
                try {
                    t.store().getRun(RunId.of(id));
                    return true;
                } catch (dev.cairn.core.error.CairnException e) {
                    return false;
                }
            }).toList();
            assertThat(present).isNotEmpty();
            // every run the killed process left visible is whole: all points, params and its artifact
            VerificationReport partial = new Migration(s, t, MigrationOptions.all().withRunIds(present), MigrationProgress.NONE).verify();
            assertThat(partial.ok()).as(partial.render()).isTrue();
            assertThat(partial.total("artifact_files")).isEqualTo(present.size());
        }

        StringWriter out = new StringWriter();
        int code = new CommandLine(new MigrateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
                .execute("--from", source, "--to", target.toString(), "--quiet");
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).containsPattern("runs \\d+ to copy, \\d+ already there").contains("source and target are identical");
        assertThat(runFolders(target)).isEqualTo(300);
    }

    /** Run folders with a meta.yaml: what the directory store shows as runs (staging folders carry '~'). */
    private static long runFolders(Path target) throws IOException {
        Path experiment = target.resolve("5");
        if (!Files.isDirectory(experiment)) {
            return 0;
        }
        try (Stream<Path> children = Files.list(experiment)) {
            return children.filter(p -> !p.getFileName().toString().contains("~") && Files.exists(p.resolve("meta.yaml"))).count();
        }
    }
}
