package dev.cairn.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Dataset;
import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.store.RunBundle;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportTest {
    @TempDir
    Path dir;

    @Test
    void importsKeepIdsAndEverythingAndRefuseDuplicates() {
        FileTrackingStore store = new FileTrackingStore(dir, null);
        ExperimentId exp = ExperimentId.of("42");
        store.importExperiment(new Experiment(exp, "imported", "s3://b/42", LifecycleStage.ACTIVE, 10L, 20L,
                List.of(new Tag("a", "b"))));
        assertThat(store.getExperiment(exp)).isEqualTo(new Experiment(exp, "imported", "s3://b/42", LifecycleStage.ACTIVE,
                10L, 20L, List.of(new Tag("a", "b"))));

        RunId id = RunId.of("0123456789abcdef0123456789abcdef");
        RunInfo info = new RunInfo(id, exp, "r", "u", RunStatus.FINISHED, 100L, 200L, "s3://b/42/" + id + "/artifacts",
                LifecycleStage.ACTIVE);
        List<Metric> history = List.of(new Metric("m", 1, 1, 0), new Metric("m", 2, 2, 1));
        store.importRun(new RunBundle(info, List.of(new Param("p", "v")), List.of(new Tag("mlflow.runName", "r")),
                List.of(new DatasetInput(List.of(), new Dataset("d", "x", "local", "/d", null, null))), history));
        Run run = store.getRun(id);
        assertThat(run.info()).isEqualTo(info);
        assertThat(run.data().metrics()).containsExactly(new Metric("m", 2, 2, 1));
        assertThat(store.getMetricHistory(id, "m", 10, PageToken.FIRST).items()).isEqualTo(history);
        assertThat(run.inputs().datasetInputs()).hasSize(1);

        assertThatThrownBy(() -> store.importExperiment(new Experiment(exp, "other", null, LifecycleStage.ACTIVE, 1L, 1L, List.of())))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS));
        assertThatThrownBy(() -> store.importRun(new RunBundle(info, List.of(), List.of(), List.of(), List.of())))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS));
    }
}
