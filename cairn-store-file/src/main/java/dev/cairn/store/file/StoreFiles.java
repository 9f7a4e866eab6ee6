package dev.cairn.store.file;

import dev.cairn.core.error.CairnException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The few file operations the store is built from, each safe against readers in other processes. */
final class StoreFiles {
    private StoreFiles() {}

    /**
     * Replaces {@code target} as a whole: readers see the old content or the new, never a mix. The
     * temporary file sits in the same directory so the final rename never crosses a file system.
     */
    static void writeAtomically(Path target, byte[] content) {
        Path dir = target.getParent();
        Path tmp = dir.resolve(target.getFileName() + "~" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw ioFailure("write", target, e);
        }
    }

    static void writeAtomically(Path target, String content) {
        writeAtomically(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends whole lines with one {@code write} on an O_APPEND descriptor: the kernel places each
     * write at the end of the file, so concurrent appenders (even in other processes) never interleave
     * partial lines.
     */
    static void appendLines(Path file, byte[] lines) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(lines);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            throw ioFailure("append to", file, e);
        }
    }

    /** The file's text, or null when it does not exist. */
    static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw ioFailure("read", file, e);
        }
    }

    /** Sub-directories of {@code dir} (empty when it does not exist), temporary entries left out. */
    static List<Path> subdirectories(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!StoreLayout.isTemporary(entry) && Files.isDirectory(entry)) {
                    out.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw ioFailure("list", dir, e);
        }
        return out;
    }

    /**
     * Removes a directory tree for good, as readers in other processes would want it: first renamed to a
     * temporary sibling (a name with '~', which every listing skips), so it vanishes at once and whole, then
     * deleted. Links inside are removed, never followed. A tree interrupted half-deleted stays hidden under
     * its temporary name. Returns false when {@code dir} does not exist.
     */
    static boolean removeTree(Path dir) {
        Path hidden = dir.resolveSibling(dir.getFileName() + "~purge-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try {
                Files.move(dir, hidden, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(dir, hidden);
            }
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw ioFailure("remove", dir, e);
        }
        try {
            Files.walkFileTree(hidden, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs)
                        throws IOException {
                    Files.delete(file);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    if (exc != null) {
                        throw exc;
                    }
                    Files.delete(d);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw ioFailure("delete", hidden, e);
        }
        return true;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file is ignored by every reader
        }
    }

    static CairnException ioFailure(String what, Path file, IOException e) {
        return CairnException.internal("Could not " + what + " " + file + ": " + e, e);
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
