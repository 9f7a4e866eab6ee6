package dev.cairn.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.core.model.Dataset;
import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.store.CreateRunRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Cairn writes has exactly MLflow's file names, meta.yaml keys and value encodings. */
class MlflowLayoutRoundTripTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path dir;

    @Test
    void writesMlflowsFilesAndKeys() throws IOException {
        Path root = dir.resolve("mlruns");
        FileTrackingStore store = new FileTrackingStore(root, null);

        JsonNode defaultMeta = YAML.readTree(root.resolve("0/meta.yaml").toFile());
        assertThat(fieldNames(defaultMeta)).containsExactly(
                "artifact_location", "creation_time", "experiment_id", "last_update_time", "lifecycle_stage", "name");
        assertThat(defaultMeta.get("experiment_id").isTextual()).isTrue();
        assertThat(defaultMeta.get("name").asText()).isEqualTo("Default");
        assertThat(defaultMeta.get("artifact_location").asText()).isEqualTo("file://" + root + "/0");
        assertThat(Files.isDirectory(root.resolve(".trash"))).isTrue();

        ExperimentId exp = store.createExperiment("round-trip", null, List.of(new Tag("team/area", "nlp")));
        assertThat(exp.value()).matches("[1-9][0-9]{17}");
        Run run = store.createRun(new CreateRunRequest(exp, "alice", 1700000000000L, List.of(new Tag("k", "v")), "my-run"));
        RunId id = run.info().runId();
        assertThat(id.value()).matches("[0-9a-f]{32}");
        store.logBatch(id,
                List.of(new Metric("loss", 0.5, 1700000000001L, 0), new Metric("loss", 0.25, 1700000000002L, 1),
                        new Metric("a/b", Double.NaN, 1700000000003L, 2)),
                List.of(new Param("lr", "0.01"), new Param("nested/p", "x")),
                List.of(new Tag("mlflow.note.content", "hello")));
        store.logInputs(id, List.of(new DatasetInput(List.of(new Tag("mlflow.data.context", "train")),
                new Dataset("iris", "abc123", "local", "{\"uri\": \"/data/iris.csv\"}", null, null))));
        store.updateRun(id, RunStatus.FINISHED, 1700000000999L, null);

        Path expDir = root.resolve(exp.value());
        Path runDir = expDir.resolve(id.value());
        assertThat(relativeFiles(expDir)).containsExactlyInAnyOrder(
                "meta.yaml",
                "tags/team/area",
                "datasets/" + FileTrackingStore.md5Hex("iris", "abc123") + "/meta.yaml",
                id + "/meta.yaml",
                id + "/metrics/loss",
                id + "/metrics/a/b",
                id + "/params/lr",
                id + "/params/nested/p",
                id + "/tags/k",
                id + "/tags/mlflow.runName",
                id + "/tags/mlflow.note.content",
                id + "/inputs/" + FileTrackingStore.md5Hex(FileTrackingStore.md5Hex("iris", "abc123"), id.value()) + "/meta.yaml");
        assertThat(Files.isDirectory(runDir.resolve("artifacts"))).isTrue();

        JsonNode expMeta = YAML.readTree(expDir.resolve("meta.yaml").toFile());
        assertThat(fieldNames(expMeta)).containsExactly(
                "artifact_location", "creation_time", "experiment_id", "last_update_time", "lifecycle_stage", "name");
        assertThat(expMeta.get("artifact_location").asText()).isEqualTo("file://" + root + "/" + exp);
        assertThat(expMeta.get("lifecycle_stage").asText()).isEqualTo("active");

        JsonNode runMeta = YAML.readTree(runDir.resolve("meta.yaml").toFile());
        assertThat(fieldNames(runMeta)).containsExactly(
                "artifact_uri", "deleted_time", "end_time", "entry_point_name", "experiment_id", "lifecycle_stage",
                "run_id", "run_name", "run_uuid", "source_name", "source_type", "source_version", "start_time",
                "status", "tags", "user_id");
        assertThat(runMeta.get("status").isInt()).isTrue();
        assertThat(runMeta.get("status").asInt()).isEqualTo(3);
        assertThat(runMeta.get("source_type").asInt()).isEqualTo(4);
        assertThat(runMeta.get("experiment_id").isTextual()).isTrue();
        assertThat(runMeta.get("experiment_id").asText()).isEqualTo(exp.value());
        assertThat(runMeta.get("run_uuid").asText()).isEqualTo(id.value());
        assertThat(runMeta.get("run_name").asText()).isEqualTo("my-run");
        assertThat(runMeta.get("end_time").asLong()).isEqualTo(1700000000999L);
        assertThat(runMeta.get("deleted_time").isNull()).isTrue();
        assertThat(runMeta.get("tags").isArray()).isTrue();
        assertThat(runMeta.get("artifact_uri").asText()).isEqualTo("file://" + root + "/" + exp + "/" + id + "/artifacts");

        assertThat(Files.readString(runDir.resolve("metrics/loss"))).isEqualTo("1700000000001 0.5 0\n1700000000002 0.25 1\n");
        assertThat(Files.readString(runDir.resolve("metrics/a/b"))).isEqualTo("1700000000003 nan 2\n");
        assertThat(Files.readString(runDir.resolve("params/lr"))).isEqualTo("0.01");
        assertThat(Files.readString(runDir.resolve("tags/mlflow.runName"))).isEqualTo("my-run");
        assertThat(Files.readString(expDir.resolve("tags/team/area"))).isEqualTo("nlp");

        JsonNode dataset = YAML.readTree(expDir.resolve("datasets/" + FileTrackingStore.md5Hex("iris", "abc123") + "/meta.yaml").toFile());
        assertThat(fieldNames(dataset)).containsExactly("digest", "name", "profile", "schema", "source", "source_type");
        JsonNode input = YAML.readTree(runDir.resolve("inputs/"
                + FileTrackingStore.md5Hex(FileTrackingStore.md5Hex("iris", "abc123"), id.value()) + "/meta.yaml").toFile());
        assertThat(fieldNames(input)).containsExactly("destination_id", "destination_type", "source_id", "source_type", "tags");
        assertThat(input.get("source_type").asText()).isEqualTo("DATASET");
        assertThat(input.get("destination_type").asText()).isEqualTo("RUN");
        assertThat(input.get("tags").get("mlflow.data.context").asText()).isEqualTo("train");

        // And a fresh store (another process) reads it all back.
        Run reread = new FileTrackingStore(root, null).getRun(id);
        assertThat(reread.info()).isEqualTo(store.getRun(id).info());
        assertThat(reread.data().params()).containsExactlyInAnyOrder(new Param("lr", "0.01"), new Param("nested/p", "x"));
        assertThat(reread.inputs().datasetInputs()).singleElement()
                .satisfies(i -> assertThat(i.dataset().source()).isEqualTo("{\"uri\": \"/data/iris.csv\"}"));
    }

    @Test
    void deletedExperimentMovesToTrashAndBack() throws IOException {
        Path root = dir.resolve("mlruns");
        FileTrackingStore store = new FileTrackingStore(root, null);
        ExperimentId exp = store.createExperiment("to-delete", null, List.of());
        RunId before = store.createRun(new CreateRunRequest(exp, "u", 1L, List.of(), null)).info().runId();
        RunId with = store.createRun(new CreateRunRequest(exp, "u", 2L, List.of(), null)).info().runId();
        store.deleteRun(before);
        store.deleteExperiment(exp);

        assertThat(root.resolve(exp.value())).doesNotExist();
        Path trashed = root.resolve(".trash").resolve(exp.value());
        assertThat(YAML.readTree(trashed.resolve("meta.yaml").toFile()).get("lifecycle_stage").asText()).isEqualTo("deleted");
        JsonNode runMeta = YAML.readTree(trashed.resolve(with.value()).resolve("meta.yaml").toFile());
        assertThat(runMeta.get("lifecycle_stage").asText()).isEqualTo("deleted");
        assertThat(runMeta.get("deleted_time").isNumber()).isTrue();

        store.restoreExperiment(exp);
        assertThat(trashed).doesNotExist();
        assertThat(store.getRun(with).info().lifecycleStage().wireName()).isEqualTo("active");
        assertThat(store.getRun(before).info().lifecycleStage().wireName()).isEqualTo("deleted");
    }

    @Test
    void artifactLocationsFollowTheConfiguredDefaultRoot() {
        FileTrackingStore store = new FileTrackingStore(dir.resolve("mlruns"), "s3://bucket/prefix/");
        ExperimentId exp = store.createExperiment("s3", null, List.of());
        assertThat(store.getExperiment(exp).artifactLocation()).isEqualTo("s3://bucket/prefix/" + exp);
        Run run = store.createRun(new CreateRunRequest(exp, "u", 1L, List.of(), null));
        assertThat(run.info().artifactUri()).isEqualTo("s3://bucket/prefix/" + exp + "/" + run.info().runId() + "/artifacts");
        assertThat(run.info().runName()).matches("[a-z]+-[a-z]+-[0-9]+");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static List<String> relativeFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
        }
    }
}
