package dev.cairn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.Cairn;
import dev.cairn.client.CairnTracking;
import dev.cairn.client.RunQuery;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example's {@code main} as a user would (tracking URI as its argument) against a fresh store, then
 * reads back what it logged through the client: one finished run with its parameters, 200 epochs of loss and
 * accuracy (loss falling, the two blobs separated), and the learned weights as an artifact.
 */
class LogisticRegressionExampleIT {
    @TempDir
    Path dir;

    @AfterEach
    void forgetTrackingUri() {
        Cairn.setTrackingUri(null);
    }

    @ParameterizedTest(name = "{0} store")
    @ValueSource(strings = {"sqlite", "directory"})
    void theExampleLogsARunWithParamsMetricsAndItsModel(String kind) throws Exception {
        String uri = kind.equals("sqlite") ? "sqlite:///" + dir.resolve("example.db") : dir.resolve("mlruns").toUri().toString();

        LogisticRegressionExample.main(new String[] {uri});

        try (CairnTracking tracking = Cairn.tracking(uri)) {
            Experiment experiment = tracking.findExperiment("logistic-regression").orElseThrow();
            List<Run> runs = tracking.searchRuns(RunQuery.in(experiment.experimentId())).items();
            assertThat(runs).hasSize(1);
            Run run = runs.get(0);
            assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
            Map<String, String> params = run.data().params().stream().collect(Collectors.toMap(Param::key, Param::value));
            assertThat(params).containsEntry("epochs", "200").containsEntry("learning_rate", "0.1")
                    .containsEntry("samples", "2000").containsEntry("seed", "42");

            List<Metric> loss = tracking.getMetricHistory(run.info().runId(), "loss");
            assertThat(loss).hasSize(200).extracting(Metric::step).startsWith(0L, 1L).endsWith(199L);
            assertThat(loss.get(199).value()).isLessThan(loss.get(0).value());
            List<Metric> accuracy = tracking.getMetricHistory(run.info().runId(), "accuracy");
            assertThat(accuracy).hasSize(200);
            assertThat(accuracy.get(199).value()).isGreaterThan(0.85);

            assertThat(tracking.listArtifacts(run.info().runId(), "model")).extracting(FileInfo::path)
                    .containsExactly("model/weights.json");
            Path weights = tracking.downloadArtifacts(run.info().runId(), "model/weights.json", dir.resolve("download"));
            assertThat(Files.readString(weights)).contains("\"w0\"").contains("\"w1\"").contains("\"b\"");
        }
    }
}
