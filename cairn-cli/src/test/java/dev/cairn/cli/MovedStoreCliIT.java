package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.ActiveRun;
import dev.cairn.client.CairnTracking;
import dev.cairn.client.ClientConfig;
import dev.cairn.core.uri.ResolvedTrackingUri;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory store moved after a run logged artifacts: {@code cairn artifacts list|download} still find them,
 * {@code cairn doctor} reports the dangling recorded locations with the {@code cairn relocate} command that fixes
 * them and exits 4, and after that command it passes.
 */
class MovedStoreCliIT {
    @TempDir
    Path dir;

    @Test
    void artifactsCommandsFollowTheStoreAndDoctorSaysHowToRelocate() throws Exception {
        Path oldRoot = dir.resolve("laptop/mlruns");
        Path newRoot = dir.resolve("nas/mlruns");
        Path weights = Files.writeString(dir.resolve("weights.json"), "{\"w\": 1}");
        String runId;
        try (CairnTracking tracking = CairnTracking.open(new ResolvedTrackingUri(TrackingUri.parse(oldRoot.toString()),
                ResolvedTrackingUri.Rule.EXPLICIT), ClientConfig.fromEnvironment(Map.of(), dir));
                ActiveRun run = tracking.startRun("moved")) {
            run.logArtifact(weights, "model");
            runId = run.id().value();
        }
        Files.createDirectories(newRoot.getParent());
        Files.move(oldRoot, newRoot);
        CliRunner cli = new CliRunner(Map.of(), dir);

        CliRunner.Result list = cli.run("artifacts", "list", "-r", runId, "-a", "model", "--tracking-uri", newRoot.toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("model/weights.json");
        CliRunner.Result json = cli.run("artifacts", "list", "-r", runId, "--tracking-uri", newRoot.toString(), "--output", "json");
        assertThat(json.out()).contains(newRoot.toString()).doesNotContain(oldRoot.toString());
        CliRunner.Result download = cli.run("artifacts", "download", "-r", runId, "-a", "model/weights.json",
                "-d", dir.resolve("out").toString(), "--tracking-uri", newRoot.toString());
        assertThat(download.exitCode()).as(download.err()).isZero();
        assertThat(dir.resolve("out/model/weights.json")).hasContent("{\"w\": 1}");
        assertThat(oldRoot).doesNotExist();

        CliRunner.Result doctor = cli.run("doctor", "--tracking-uri", newRoot.toString());
        assertThat(doctor.exitCode()).as(doctor.out()).isEqualTo(ExitCodes.CHECK_FAILED);
        String relocate = "cairn relocate --store " + newRoot + " --from file://" + oldRoot + " --to file://" + newRoot;
        assertThat(doctor.out()).contains("[FAIL] recorded artifact locations").contains(runId).contains(relocate);
        CliRunner.Result doctorJson = cli.run("doctor", "--tracking-uri", newRoot.toString(), "--output", "json");
        assertThat(doctorJson.out()).contains(runId).contains("cairn relocate");

        CliRunner.Result fixed = cli.run(relocate.substring("cairn ".length()).split(" "));
        assertThat(fixed.exitCode()).as(fixed.err() + fixed.out()).isZero();
        CliRunner.Result again = cli.run("doctor", "--tracking-uri", newRoot.toString());
        assertThat(again.exitCode()).as(again.out()).isZero();
        assertThat(again.out()).contains("every local location recorded in the store exists");
    }
}
