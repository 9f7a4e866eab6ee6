package dev.cairn.store.file;

import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.Tag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One experiment directory as last seen: meta.yaml and the tags folder, reread only when stamps change. */
final class ExperimentEntry {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentEntry.class);

    private final Path dir;
    private final KeyFolder tags;
    private final Map<String, String> tagValues = new TreeMap<>();
    private Stamp metaStamp;
    private Experiment meta;
    private boolean changed = true;
    private boolean missingReported;
    private Stamp reportedStamp;
    private Experiment experiment;

    ExperimentEntry(Path dir) {
        this.dir = dir;
        this.tags = new KeyFolder(dir.resolve(StoreLayout.TAGS));
    }

    Path dir() {
        return dir;
    }

    /** The experiment, or null when its meta.yaml is missing, corrupt or names another id (logged). */
    synchronized Experiment refresh() {
        Path file = dir.resolve(StoreLayout.META);
        Stamp now = Stamp.of(file);
        if (now == null && missingReported) {
            return null;
        }
        if (metaStamp == null || !metaStamp.sameAs(now)) {
            metaStamp = now;
            missingReported = now == null;
            meta = null;
            changed = true;
            if (now != null) {
                try {
                    Experiment read = MetaYaml.readExperiment(file, List.of());
                    if (read.experimentId().value().equals(dir.getFileName().toString())) {
                        meta = read;
                    } else {
                        LOG.warn("Ignoring experiment {}: its meta.yaml names id {}", file, read.experimentId());
                    }
                } catch (RuntimeException e) {
                    if (reportedStamp == null || !reportedStamp.sameFileState(now)) {
                        LOG.warn("Skipping experiment with corrupt or half-written meta.yaml {}: {}", file, e.getMessage());
                        reportedStamp = now;
                    }
                }
            } else {
                LOG.warn("Skipping experiment directory {} without {}", dir, StoreLayout.META);
            }
        }
        if (meta == null) {
            return null;
        }
        tags.refresh(true, Stamp.of(dir), new KeyFolder.Listener() {
            @Override
            public void changed(String key, Path path, Stamp previous, Stamp current) {
                String value = StoreFiles.readText(path);
                if (value == null) {
                    tagValues.remove(key);
                } else {
                    tagValues.put(key, value);
                }
                changed = true;
            }

            @Override
            public void removed(String key) {
                tagValues.remove(key);
                changed = true;
            }
        });
        if (changed || experiment == null) {
            List<Tag> tagList = new ArrayList<>();
            tagValues.forEach((k, v) -> tagList.add(new Tag(k, v)));
            experiment = new Experiment(meta.experimentId(), meta.name(), meta.artifactLocation(), meta.lifecycleStage(),
                    meta.creationTime(), meta.lastUpdateTime(), tagList);
            changed = false;
        }
        return experiment;
    }

    synchronized void invalidate() {
        metaStamp = null;
        tags.invalidate();
    }
}
