package dev.cairn.store.file;

import dev.cairn.core.error.CairnException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Striped locks that hold across processes: one byte-range lock on {@code <root>/.cairn.lock} per
 * stripe. The OS only arbitrates between processes, and the JVM refuses overlapping locks on one file
 * from two channels, so within this JVM the stripes are guarded by plain locks shared by every store
 * instance on the same root, and the file lock is taken once per outermost hold.
 *
 * <p>Only read-modify-write sequences are locked (new experiment ids and names, param conflicts,
 * meta.yaml updates); plain appends and whole-file replacements need no lock.
 */
final class StoreLocks {
    private static final int STRIPES = 4096;
    private static final ConcurrentHashMap<Path, StoreLocks> BY_ROOT = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final FileChannel channel;
    private final ReentrantLock[] local = new ReentrantLock[STRIPES];

    private StoreLocks(Path lockFile) throws IOException {
        this.lockFile = lockFile;
        this.channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        for (int i = 0; i < STRIPES; i++) {
            local[i] = new ReentrantLock();
        }
    }

    /** The locks of a root, shared by all stores of this JVM on it (the channel stays open for the JVM's life). */
    static StoreLocks forRoot(Path root) {
        Path lockFile = root.resolve(StoreLayout.LOCK_FILE);
        return BY_ROOT.computeIfAbsent(lockFile, f -> {
            try {
                return new StoreLocks(f);
            } catch (IOException e) {
                throw StoreFiles.ioFailure("open lock file", f, e);
            }
        });
    }

    <T> T locked(String name, Supplier<T> action) {
        int stripe = Math.floorMod(name.hashCode(), STRIPES);
        ReentrantLock lock = local[stripe];
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                return action.get();
            }
            try (FileLock ignored = channel.lock(stripe, 1, false)) {
                return action.get();
            } catch (IOException e) {
                throw CairnException.internal("Could not lock " + lockFile + ": " + e, e);
            }
        } finally {
            lock.unlock();
        }
    }

    void locked(String name, Runnable action) {
        locked(name, () -> {
            action.run();
            return null;
        });
    }
}
