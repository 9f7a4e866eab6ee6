package dev.cairn.store.file;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The file tree of one key folder ({@code metrics/}, {@code params/}, {@code tags/}, {@code inputs/}),
 * remembered by stamps so a refresh costs one stat per directory — plus one per file when files may
 * change in place — and rereads only what changed.
 *
 * <p>Adding, removing or atomically replacing a file changes its directory's stamp; an in-place
 * rewrite or an append (MLflow's own writers do both) changes only the file's stamp, which is why
 * callers whose files can change in place ask for file stats.
 */
final class KeyFolder {
    /** What a refresh reports. */
    interface Listener {
        /** The file of {@code key} is new or changed; {@code previous} is its last stamp (null if new). */
        void changed(String key, Path file, Stamp previous, Stamp current);

        void removed(String key);
    }

    private final Path folder;
    private Map<Path, Stamp> dirs = Map.of();
    private Map<String, Stamp> files = new HashMap<>();
    private final Map<String, Path> paths = new HashMap<>();
    private boolean scanned;
    private boolean missing;
    private Stamp missingParent;

    KeyFolder(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /**
     * Brings the folder up to date. {@code parentStamp} is the current stamp of the folder's parent:
     * while the folder does not exist, an unchanged parent proves it still does not, which saves a
     * failing lookup on every refresh.
     */
    void refresh(boolean statFiles, Stamp parentStamp, Listener listener) {
        if (scanned && missing) {
            if (missingParent != null && missingParent.sameAs(parentStamp)) {
                return;
            }
            rescan(listener);
            missingParent = missing ? parentStamp : null;
            return;
        }
        boolean dirsChanged = !scanned;
        if (!dirsChanged) {
            for (Map.Entry<Path, Stamp> dir : dirs.entrySet()) {
                Stamp now = Stamp.of(dir.getKey());
                if (!dir.getValue().sameAs(now)) {
                    dirsChanged = true;
                    break;
                }
            }
        }
        if (dirsChanged) {
            rescan(listener);
            missingParent = missing ? parentStamp : null;
        } else if (statFiles) {
            for (Map.Entry<String, Stamp> file : files.entrySet()) {
                Path path = paths.get(file.getKey());
                Stamp now = Stamp.of(path);
                if (now == null) {
                    rescan(listener);
                    return;
                }
                if (!file.getValue().sameAs(now)) {
                    listener.changed(file.getKey(), path, file.getValue(), now);
                    file.setValue(now);
                }
            }
        }
    }

    /** Forgets what was seen, so the next refresh rescans. */
    void invalidate() {
        scanned = false;
        missingParent = null;
    }

    private void rescan(Listener listener) {
        long now = Stamp.nowNanos();
        Map<Path, Stamp> newDirs = new HashMap<>();
        Map<String, Stamp> newFiles = new HashMap<>();
        Map<String, Path> newPaths = new HashMap<>();
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(folder) && StoreLayout.isTemporary(dir)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    newDirs.put(dir, Stamp.of(attrs, now));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !StoreLayout.isTemporary(file)) {
                        String key = StoreLayout.keyOf(folder, file);
                        newFiles.put(key, Stamp.of(attrs, now));
                        newPaths.put(key, file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // a missing folder is an empty one; remember its parent-less state by stamping nothing
        } catch (IOException e) {
            throw StoreFiles.ioFailure("list", folder, e);
        }
        missing = newDirs.isEmpty();
        Set<String> gone = new HashSet<>(files.keySet());
        gone.removeAll(newFiles.keySet());
        for (String key : gone) {
            listener.removed(key);
        }
        for (Map.Entry<String, Stamp> file : newFiles.entrySet()) {
            Stamp previous = files.get(file.getKey());
            if (previous == null || !previous.sameAs(file.getValue())) {
                listener.changed(file.getKey(), newPaths.get(file.getKey()), previous, file.getValue());
            }
        }
        dirs = newDirs;
        files = newFiles;
        paths.clear();
        paths.putAll(newPaths);
        scanned = true;
    }
}
