package dev.cairn.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.migrate.cli.MigrateCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cairn migrate} on the command line: output and exit codes. */
class MigrateCommandTest {
    @TempDir
    Path dir;

    String source;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void source() {
        source = dir.resolve("mlruns").toString();
        SourceFixture.populate(source, dir, 1, 20);
        out = new StringWriter();
        err = new StringWriter();
    }

    private int run(String... args) {
        return new CommandLine(new MigrateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void migratesVerifiesAndWritesTheFullReport() throws Exception {
        Path report = dir.resolve("report.txt");
        int code = run("--from", source, "--to", "sqlite:///" + dir.resolve("t.db"), "--artifacts-to", dir.resolve("art").toString(),
                "--report", report.toString(), "--quiet");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Plan: experiments 3 to create, 1 to adopt, 0 already there; runs 6 to copy")
                .contains("Copied 6 runs").contains("source and target are identical");
        assertThat(Files.readString(report)).contains("OK   run ").contains("metrics:sha256=");

        out.getBuffer().setLength(0);
        assertThat(run("--from", source, "--to", "sqlite:///" + dir.resolve("t.db"), "--artifacts-to", dir.resolve("art").toString(),
                "--quiet")).isZero();
        assertThat(out.toString()).contains("runs 0 to copy, 6 already there");
    }

    @Test
    void aDryRunWritesNothingAndListsThePlan() {
        Path target = dir.resolve("target");
        assertThat(run("--from", source, "--to", target.toString(), "--dry-run", "--quiet")).isZero();
        assertThat(out.toString()).contains("create   experiment 1 'vision/resnet'").contains("adopt    experiment 0 'Default'")
                .contains("Dry run: nothing was written.");
        assertThat(target.resolve("1")).doesNotExist();
    }

    @Test
    void conflictsExitWith3AndNameTheIds() {
        Path target = dir.resolve("target");
        try (MigrationEndpoint t = MigrationEndpoint.openTarget(TrackingUri.parse(target.toString()), new StoreConfig(null, dir))) {
            t.importer().importExperiment(new Experiment(ExperimentId.of("2"), "theirs", null, LifecycleStage.ACTIVE, 1, 1, List.of()));
        }
        assertThat(run("--from", source, "--to", target.toString(), "--quiet")).isEqualTo(MigrateCommand.CONFLICTS);
        assertThat(err.toString()).contains("experiment 2 ('old-experiment'): the target uses this id for experiment 'theirs'")
                .contains("nothing was written");
        assertThat(run("--from", source, "--to", target.toString(), "--dry-run", "--quiet")).isEqualTo(MigrateCommand.CONFLICTS);
    }

    @Test
    void badInputGetsAClearMessageAndItsExitCode() {
        assertThat(run("--from", dir.resolve("nope").toString(), "--to", dir.resolve("t").toString()))
                .isEqualTo(MigrateCommand.FAILED);
        assertThat(err.toString()).contains("does not exist");
        assertThat(dir.resolve("nope")).doesNotExist();
        assertThat(run("--from", source)).isEqualTo(2);
        assertThat(run("--from", source, "--to", dir.resolve("t2").toString(), "--run-filter", "metrics.acc >>> 1", "--quiet"))
                .isEqualTo(MigrateCommand.FAILED);
    }
}
