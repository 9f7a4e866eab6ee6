package dev.cairn.store.file;

import java.nio.file.Path;

/**
 * The last seen state of one key file of one run (say {@code metrics/accuracy}), for searches that read
 * that key of every run. A check costs one stat: of the file while it exists (an append, an in-place
 * rewrite or an atomic replacement changes its mtime, size or inode), and of its nearest existing
 * ancestor directory while it does not (the file, or a directory on the way to it, can only appear as
 * a new entry of that ancestor, which changes the ancestor's mtime). Racy stamps ({@link Stamp}) are
 * never trusted, so such checks simply look again. A write-once file (a param) costs no stat at all once
 * it has been seen with a trusted stamp.
 *
 * <p>Not thread-safe: the owning {@link RunEntry} checks under its own lock.
 */
final class KeyFileProbe {
    /** What a check found. */
    enum Change {
        /** As at the last check. */
        UNCHANGED,
        /** Present, and new or changed since the last check (or never checked). */
        CHANGED,
        /** Absent (or not a regular file), and present or never checked before. */
        GONE
    }

    private static final int LOCATE_ATTEMPTS = 3;

    private final Path file;
    private final Path top;
    private final boolean writeOnce;
    private boolean known;
    private Stamp stamp;
    private Path ancestor;
    private Stamp ancestorStamp;

    /**
     * @param file the key file
     * @param top the highest directory to watch for an absent file (the run directory); above it the
     *     file is checked directly
     * @param writeOnce whether the file, once complete, never changes while it exists (a param: MLflow
     *     and Cairn refuse to change a logged value, and write it once). Its checks then cost no stat
     *     once it has been seen with a stamp old enough to trust ({@link Stamp#racy}); the run's removal
     *     shows in its meta.yaml, which every search checks first.
     */
    KeyFileProbe(Path file, Path top, boolean writeOnce) {
        this.file = file;
        this.top = top;
        this.writeOnce = writeOnce;
    }

    Path file() {
        return file;
    }

    /** The stamp of the file as found by the last check (null while absent). */
    Stamp stamp() {
        return stamp;
    }

    /** Forgets what was seen, so the next check reports the file as new (or gone). */
    void forget() {
        known = false;
        stamp = null;
        ancestor = null;
        ancestorStamp = null;
    }

    Change check() {
        if (writeOnce && known && stamp != null && !stamp.racy()) {
            return Change.UNCHANGED;
        }
        if (known && stamp == null && ancestor != null && ancestorStamp.sameAs(Stamp.of(ancestor))) {
            return Change.UNCHANGED;
        }
        Stamp now = Stamp.ofRegularFile(file);
        if (now != null) {
            boolean same = known && stamp != null && stamp.sameAs(now);
            present(now);
            return same ? Change.UNCHANGED : Change.CHANGED;
        }
        boolean wasAbsent = known && stamp == null;
        known = true;
        stamp = null;
        locateAbsent();
        if (stamp != null) {
            return Change.CHANGED;
        }
        return wasAbsent ? Change.UNCHANGED : Change.GONE;
    }

    private void present(Stamp now) {
        known = true;
        stamp = now;
        ancestor = null;
        ancestorStamp = null;
    }

    /**
     * Finds the nearest existing ancestor and stamps it, then confirms that the entry leading from it to
     * the file is still absent: the stamp comes first, so anything created after it changes it.
     */
    private void locateAbsent() {
        ancestor = null;
        ancestorStamp = null;
        for (int attempt = 0; attempt < LOCATE_ATTEMPTS; attempt++) {
            Path dir = file.getParent();
            Stamp dirStamp = null;
            while (dir != null && dir.startsWith(top)) {
                dirStamp = Stamp.of(dir);
                if (dirStamp != null) {
                    break;
                }
                dir = dir.getParent();
            }
            if (dirStamp == null) {
                return;
            }
            Path child = dir.resolve(dir.relativize(file).getName(0));
            if (child.equals(file)) {
                Stamp again = Stamp.ofRegularFile(file);
                if (again != null) {
                    present(again);
                    return;
                }
            } else if (Stamp.of(child) != null) {
                continue;
            }
            ancestor = dir;
            ancestorStamp = dirStamp;
            return;
        }
    }
}
