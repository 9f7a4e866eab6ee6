package dev.cairn.core.artifact;

import static java.util.Objects.requireNonNull;

/** One entry of an artifact listing; {@code path} is relative to the repository root; size is null for directories. */
public record FileInfo(String path, boolean isDir, Long fileSize) {
    public FileInfo {
        requireNonNull(path, "path is null");
    }
}
