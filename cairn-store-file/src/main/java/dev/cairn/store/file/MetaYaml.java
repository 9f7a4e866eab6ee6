package dev.cairn.store.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.core.model.Dataset;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The meta.yaml files of MLflow's layout: keys sorted (as PyYAML writes them), block style, run
 * status and source type as MLflow's integer enums. Reading is lenient where MLflow is (legacy integer
 * experiment ids, missing lifecycle stage or status); a file that cannot be made sense of is a
 * {@link CorruptMetaException}, which listings log and skip.
 */
final class MetaYaml {
    /** MLflow's SourceType.LOCAL: what its file store writes for every run. */
    static final int SOURCE_TYPE_LOCAL = 4;

    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .build())
            .build();

    private MetaYaml() {}

    /** Thrown for a meta.yaml that is missing, empty, unparsable or lacks what it must hold. */
    static final class CorruptMetaException extends RuntimeException {
        CorruptMetaException(Path file, String why) {
            super(file + ": " + why);
        }
    }

    static String experimentYaml(Experiment e) {
        Map<String, Object> m = new TreeMap<>();
        m.put("artifact_location", e.artifactLocation());
        m.put("creation_time", e.creationTime());
        m.put("experiment_id", e.experimentId().value());
        m.put("last_update_time", e.lastUpdateTime());
        m.put("lifecycle_stage", e.lifecycleStage().wireName());
        m.put("name", e.name());
        return write(m);
    }

    /** Reads an experiment's meta.yaml (tags come from the tags folder, not from here). */
    static Experiment readExperiment(Path file, List<Tag> tags) {
        JsonNode node = read(file);
        String id = text(node, "experiment_id");
        String name = text(node, "name");
        if (id == null || name == null) {
            throw new CorruptMetaException(file, "experiment_id and name are required");
        }
        String stage = text(node, "lifecycle_stage");
        long created = number(node, "creation_time", 0);
        return new Experiment(
                ExperimentId.of(id),
                name,
                text(node, "artifact_location"),
                stage == null ? LifecycleStage.ACTIVE : stage(file, stage),
                created,
                number(node, "last_update_time", created),
                tags);
    }

    /** A run's meta.yaml; {@code deletedTime} is MLflow's deletion stamp, kept for its gc command. */
    static String runYaml(RunInfo info, Long deletedTime) {
        Map<String, Object> m = new TreeMap<>();
        m.put("artifact_uri", info.artifactUri());
        m.put("deleted_time", deletedTime);
        m.put("end_time", info.endTime());
        m.put("entry_point_name", "");
        m.put("experiment_id", info.experimentId().value());
        m.put("lifecycle_stage", info.lifecycleStage().wireName());
        m.put("run_id", info.runId().value());
        m.put("run_name", info.runName() == null ? "" : info.runName());
        m.put("run_uuid", info.runId().value());
        m.put("source_name", "");
        m.put("source_type", SOURCE_TYPE_LOCAL);
        m.put("source_version", "");
        m.put("start_time", info.startTime());
        m.put("status", statusNumber(info.status()));
        m.put("tags", List.of());
        m.put("user_id", info.userId() == null ? "" : info.userId());
        return write(m);
    }

    /** A parsed run meta.yaml. */
    record RunMeta(RunInfo info, Long deletedTime) {}

    static RunMeta readRun(Path file) {
        JsonNode node = read(file);
        String runId = text(node, "run_id");
        if (runId == null) {
            runId = text(node, "run_uuid");
        }
        String experimentId = text(node, "experiment_id");
        if (runId == null || experimentId == null) {
            throw new CorruptMetaException(file, "run_id (or run_uuid) and experiment_id are required");
        }
        String stage = text(node, "lifecycle_stage");
        JsonNode status = node.get("status");
        RunStatus runStatus = status == null || status.isNull() ? RunStatus.RUNNING : status(file, status);
        JsonNode end = node.get("end_time");
        JsonNode deleted = node.get("deleted_time");
        String runName = text(node, "run_name");
        RunInfo info = new RunInfo(
                RunId.of(runId),
                ExperimentId.of(experimentId),
                runName == null || runName.isEmpty() ? null : runName,
                text(node, "user_id"),
                runStatus,
                number(node, "start_time", 0),
                end == null || end.isNull() ? null : end.asLong(),
                text(node, "artifact_uri"),
                stage == null ? LifecycleStage.ACTIVE : stage(file, stage));
        return new RunMeta(info, deleted == null || deleted.isNull() ? null : deleted.asLong());
    }

    static String datasetYaml(Dataset d) {
        Map<String, Object> m = new TreeMap<>();
        m.put("digest", d.digest());
        m.put("name", d.name());
        m.put("profile", d.profile());
        m.put("schema", d.schema());
        m.put("source", d.source());
        m.put("source_type", d.sourceType());
        return write(m);
    }

    static Dataset readDataset(Path file) {
        JsonNode node = read(file);
        String name = text(node, "name");
        String digest = text(node, "digest");
        String sourceType = text(node, "source_type");
        String source = text(node, "source");
        if (name == null || digest == null || sourceType == null || source == null) {
            throw new CorruptMetaException(file, "name, digest, source_type and source are required");
        }
        return new Dataset(name, digest, sourceType, source, text(node, "schema"), text(node, "profile"));
    }

    /** The meta.yaml of {@code <run>/inputs/<input_id>/}: a DATASET → RUN edge with the input tags. */
    static String inputYaml(String datasetId, RunId runId, List<Tag> tags) {
        Map<String, String> tagMap = new LinkedHashMap<>();
        tags.forEach(t -> tagMap.put(t.key(), t.value()));
        Map<String, Object> m = new TreeMap<>();
        m.put("destination_id", runId.value());
        m.put("destination_type", "RUN");
        m.put("source_id", datasetId);
        m.put("source_type", "DATASET");
        m.put("tags", tagMap);
        return write(m);
    }

    /** A parsed input edge: the dataset it names and the input tags. */
    record InputMeta(String sourceType, String sourceId, List<Tag> tags) {}

    static InputMeta readInput(Path file) {
        JsonNode node = read(file);
        String sourceId = text(node, "source_id");
        if (sourceId == null) {
            throw new CorruptMetaException(file, "source_id is required");
        }
        List<Tag> tags = new ArrayList<>();
        JsonNode tagNode = node.get("tags");
        if (tagNode != null && tagNode.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = tagNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                tags.add(new Tag(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
            }
        }
        String sourceType = text(node, "source_type");
        return new InputMeta(sourceType == null ? "DATASET" : sourceType, sourceId, tags);
    }

    static int statusNumber(RunStatus status) {
        return switch (status) {
            case RUNNING -> 1;
            case SCHEDULED -> 2;
            case FINISHED -> 3;
            case FAILED -> 4;
            case KILLED -> 5;
        };
    }

    private static RunStatus status(Path file, JsonNode node) {
        if (node.isNumber()) {
            return switch (node.asInt()) {
                case 1 -> RunStatus.RUNNING;
                case 2 -> RunStatus.SCHEDULED;
                case 3 -> RunStatus.FINISHED;
                case 4 -> RunStatus.FAILED;
                case 5 -> RunStatus.KILLED;
                default -> throw new CorruptMetaException(file, "unknown run status " + node.asInt());
            };
        }
        try {
            return RunStatus.valueOf(node.asText().trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CorruptMetaException(file, "unknown run status " + node.asText());
        }
    }

    private static LifecycleStage stage(Path file, String stage) {
        try {
            return LifecycleStage.fromWireName(stage);
        } catch (IllegalArgumentException e) {
            throw new CorruptMetaException(file, "unknown lifecycle_stage " + stage);
        }
    }

    private static JsonNode read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CorruptMetaException(file, "missing");
        } catch (IOException e) {
            throw new CorruptMetaException(file, "unreadable: " + e);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
            throw new CorruptMetaException(file, "not valid YAML: " + why.strip().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw new CorruptMetaException(file, "empty or not a mapping");
        }
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static long number(JsonNode node, String field, long fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        return value.isNumber() ? value.asLong() : Long.parseLong(value.asText().trim());
    }

    private static String write(Map<String, Object> map) {
        try {
            return MAPPER.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render meta.yaml", e);
        }
    }
}
