package dev.cairn.store.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * What one stat says about a file or directory: modification time, size and identity (inode). Two
 * equal stamps mean "not changed" — unless the first was taken so soon after the change that a
 * second change within the same timestamp tick could hide behind it ({@link #racy}), the problem git
 * calls "racy clean". Racy stamps are never trusted, so such entries are simply read again.
 */
record Stamp(long mtimeNanos, long size, Object fileKey, boolean racy) {
    /**
     * Twenty times the coarsest common timestamp tick (a 10 ms jiffy), so a change in the same tick as
     * the stat is always caught; short enough that only runs being written right now are reread.
     */
    static final long RACY_WINDOW_NANOS = 200_000_000L;

    static Stamp of(BasicFileAttributes attrs, long nowNanos) {
        long mtime = attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        return new Stamp(mtime, attrs.size(), attrs.fileKey(), nowNanos - mtime < RACY_WINDOW_NANOS);
    }

    /** The stamp of {@code path} now, or null when it does not exist. */
    static Stamp of(Path path) {
        long now = nowNanos();
        try {
            return of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS), now);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The stamp of {@code path} now, or null when it does not exist or is not a regular file (a key file must be one). */
    static Stamp ofRegularFile(Path path) {
        long now = nowNanos();
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attrs.isRegularFile() ? of(attrs, now) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Wall-clock time in the file system's unit, taken before the stat it judges. */
    static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Same mtime, size and identity, racy or not: used to report a broken file once, not on every read. */
    boolean sameFileState(Stamp other) {
        return other != null && mtimeNanos == other.mtimeNanos && size == other.size && Objects.equals(fileKey, other.fileKey);
    }

    /** True when {@code current} proves nothing changed since this stamp was taken. */
    boolean sameAs(Stamp current) {
        return current != null
                && !racy
                && mtimeNanos == current.mtimeNanos
                && size == current.size
                && Objects.equals(fileKey, current.fileKey);
    }
}
