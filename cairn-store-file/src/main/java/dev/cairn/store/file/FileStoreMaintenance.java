package dev.cairn.store.file;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Tag;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whole-store maintenance of a directory store for {@code cairn relocate} and {@code cairn migrate}:
 * operations that rewrite recorded data in place, which the {@code TrackingStore} SPI does not offer.
 *
 * <p>Each meta.yaml is replaced atomically under the same cross-process lock the store takes for it, and
 * only the field being changed is touched: every other field (including ones MLflow writes that Cairn does
 * not read) is kept as it was.
 */
public final class FileStoreMaintenance {
    /** One recorded artifact location that a relocation changes (or would change, in a dry run). */
    public record LocationChange(String entity, String id, String oldLocation, String newLocation) {}

    private static final String EXPERIMENTS_LOCK = "experiments";
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .build())
            .build();

    private final StoreLayout layout;
    private final StoreLocks locks;

    public FileStoreMaintenance(Path root) {
        requireNonNull(root, "root is null");
        Path absolute = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw CairnException.invalidParameter("%s is not a directory store.", absolute);
        }
        this.layout = new StoreLayout(absolute);
        this.locks = StoreLocks.forRoot(absolute);
    }

    public Path root() {
        return layout.root();
    }

    /**
     * Rewrites every experiment {@code artifact_location} and run {@code artifact_uri} (active and in the
     * trash) that equals {@code from} or starts with {@code from + "/"} so that it starts with {@code to}.
     * Each file is replaced atomically; a crash midway leaves some files relocated and the rest not, and a
     * rerun finishes the job (relocated files no longer match {@code from}, unless {@code to} lies under it).
     */
    public List<LocationChange> relocateArtifactLocations(String from, String to, boolean dryRun) {
        String oldPrefix = stripTrailingSlash(requireNonNull(from, "from is null"));
        String newPrefix = stripTrailingSlash(requireNonNull(to, "to is null"));
        if (oldPrefix.isEmpty()) {
            throw CairnException.invalidParameter("The location prefix to relocate from is empty.");
        }
        List<LocationChange> changes = new ArrayList<>();
        for (Path experimentDir : experimentDirs()) {
            Path meta = experimentDir.resolve(StoreLayout.META);
            if (!Files.isRegularFile(meta)) {
                continue;
            }
            String experimentId = experimentDir.getFileName().toString();
            locks.locked(EXPERIMENTS_LOCK, () -> rewrite(meta, "experiment", experimentId, "artifact_location",
                    oldPrefix, newPrefix, dryRun, changes));
            for (Path runDir : StoreFiles.subdirectories(experimentDir)) {
                String name = runDir.getFileName().toString();
                Path runMeta = runDir.resolve(StoreLayout.META);
                if (StoreLayout.RESERVED_EXPERIMENT_FOLDERS.contains(name) || !Files.isRegularFile(runMeta)) {
                    continue;
                }
                locks.locked("run:" + name, () -> rewrite(runMeta, "run", name, "artifact_uri",
                        oldPrefix, newPrefix, dryRun, changes));
            }
        }
        return changes;
    }

    private List<Path> experimentDirs() {
        List<Path> dirs = new ArrayList<>();
        for (Path dir : StoreFiles.subdirectories(layout.root())) {
            if (!StoreLayout.RESERVED_ROOT_FOLDERS.contains(dir.getFileName().toString())) {
                dirs.add(dir);
            }
        }
        dirs.addAll(StoreFiles.subdirectories(layout.trash()));
        dirs.sort(Comparator.comparing(Path::toString));
        return dirs;
    }

    private static void rewrite(Path meta, String entity, String id, String field, String from, String to, boolean dryRun,
            List<LocationChange> changes) {
        ObjectNode node = readObject(meta);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        String current = value.asText();
        String moved = relocated(current, from, to);
        if (moved == null) {
            return;
        }
        changes.add(new LocationChange(entity, id, current, moved));
        if (!dryRun) {
            node.put(field, moved);
            try {
                StoreFiles.writeAtomically(meta, YAML.writeValueAsString(node));
            } catch (IOException e) {
                throw StoreFiles.ioFailure("write", meta, e);
            }
        }
    }

    /** The location under {@code to}, or null when {@code location} is not under {@code from}. */
    static String relocated(String location, String from, String to) {
        if (location.equals(from)) {
            return to;
        }
        if (location.startsWith(from + "/")) {
            return to + location.substring(from.length());
        }
        return null;
    }

    private static ObjectNode readObject(Path meta) {
        try {
            JsonNode node = YAML.readTree(Files.readAllBytes(meta));
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw CairnException.invalidParameter("%s is not a YAML mapping; fix or remove it first.", meta);
        } catch (IOException e) {
            throw CairnException.invalidParameter("%s cannot be read as YAML (%s); fix or remove it first.", meta, e.getMessage());
        }
    }

    /**
     * Replaces the recorded name, artifact location, lifecycle stage, times and tags of an existing
     * experiment (moving its folder to or from the trash to match the stage). Used by {@code cairn migrate}
     * only for the empty "Default" experiment a new store creates by itself, which the source's experiment 0
     * then takes over.
     */
    public void overwriteExperiment(Experiment experiment) {
        requireNonNull(experiment, "experiment is null");
        locks.locked(EXPERIMENTS_LOCK, () -> {
            Path active = layout.activeExperimentDir(experiment.experimentId());
            Path deleted = layout.deletedExperimentDir(experiment.experimentId());
            Path current = Files.isDirectory(active) ? active : Files.isDirectory(deleted) ? deleted : null;
            if (current == null) {
                throw CairnException.notFound("No experiment with id %s to overwrite.", experiment.experimentId());
            }
            Path tagsDir = current.resolve(StoreLayout.TAGS);
            deleteTree(tagsDir);
            for (Tag t : experiment.tags()) {
                StoreFiles.writeAtomically(layout.keyFile(tagsDir, t.key()), t.value());
            }
            StoreFiles.writeAtomically(current.resolve(StoreLayout.META), MetaYaml.experimentYaml(experiment));
            Path wanted = experiment.lifecycleStage() == LifecycleStage.DELETED ? deleted : active;
            if (!wanted.equals(current)) {
                try {
                    Files.createDirectories(wanted.getParent());
                    try {
                        Files.move(current, wanted, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(current, wanted);
                    }
                } catch (IOException e) {
                    throw StoreFiles.ioFailure("move " + current + " to", wanted, e);
                }
            }
        });
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw StoreFiles.ioFailure("delete", dir, e);
        }
    }

    private static String stripTrailingSlash(String s) {
        return s.length() > 1 && s.endsWith("/") && !s.endsWith(":/") && !s.endsWith("://") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "FileStoreMaintenance[" + layout.root() + "]";
    }
}
