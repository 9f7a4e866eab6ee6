package dev.cairn.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Walks the regular files of a local directory (the source of {@code logArtifacts}) in a stable order. */
final class LocalTrees {
    private LocalTrees() {}

    interface FileAction {
        void accept(String relativePath, Path file) throws IOException;
    }

    static void forEachFile(Path dir, FileAction action) {
        if (!Files.isDirectory(dir)) {
            throw dev.cairn.core.error.CairnException.invalidParameter("Not a directory: %s", dir);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir, e);
        }
        for (Path file : files) {
            String relative = dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
            try {
                action.accept(relative, file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot upload " + file, e);
            }
        }
    }
}
