package dev.cairn.store.file;

import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments of a store: directories under the root (active) and under {@code .trash}
 * (deleted). The two listings are redone only when the root's or the trash's stamp changes.
 */
final class ExperimentDirectory {
    private final StoreLayout layout;
    private Stamp rootStamp;
    private Stamp trashStamp;
    private Map<Path, ExperimentEntry> entries = new HashMap<>();

    ExperimentDirectory(StoreLayout layout) {
        this.layout = layout;
    }

    /** Every readable experiment, active and deleted; corrupt ones are logged and left out. */
    List<Located> all() {
        List<ExperimentEntry> current;
        synchronized (this) {
            Stamp root = Stamp.of(layout.root());
            Stamp trash = Stamp.of(layout.trash());
            if (rootStamp == null || trashStamp == null || !rootStamp.sameAs(root) || !trashStamp.sameAs(trash)) {
                relist();
                rootStamp = root;
                trashStamp = trash;
            }
            current = new ArrayList<>(entries.values());
        }
        List<Located> out = new ArrayList<>(current.size());
        for (ExperimentEntry entry : current) {
            Experiment e = entry.refresh();
            if (e != null) {
                out.add(new Located(entry.dir(), e));
            }
        }
        return out;
    }

    /** The experiment with this id, active first, then deleted; null when neither exists. */
    Located find(ExperimentId id) {
        for (Path dir : List.of(layout.activeExperimentDir(id), layout.deletedExperimentDir(id))) {
            if (Stamp.of(dir) != null) {
                ExperimentEntry entry;
                synchronized (this) {
                    entry = entries.computeIfAbsent(dir, ExperimentEntry::new);
                }
                Experiment e = entry.refresh();
                if (e != null) {
                    return new Located(dir, e);
                }
            }
        }
        return null;
    }

    /** Forgets an experiment directory this process just changed. */
    synchronized void invalidate(Path dir) {
        ExperimentEntry entry = entries.get(dir);
        if (entry != null) {
            entry.invalidate();
        }
        rootStamp = null;
    }

    private void relist() {
        Map<Path, ExperimentEntry> next = new HashMap<>();
        for (Path parent : List.of(layout.root(), layout.trash())) {
            for (Path dir : StoreFiles.subdirectories(parent)) {
                String name = dir.getFileName().toString();
                if (parent.equals(layout.root()) && (StoreLayout.RESERVED_ROOT_FOLDERS.contains(name) || name.startsWith("."))) {
                    continue;
                }
                ExperimentEntry known = entries.get(dir);
                next.put(dir, known != null ? known : new ExperimentEntry(dir));
            }
        }
        entries = next;
    }

    /** An experiment and the directory it was read from. */
    record Located(Path dir, Experiment experiment) {}
}
