package dev.cairn.core.artifact;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A place artifacts live (local directory or NAS, S3, SFTP, HTTP, a proxying server), rooted at one
 * URI. All {@code path} arguments are relative, '/'-separated, and must stay inside the root: an
 * implementation refuses anything else with {@code INVALID_PARAMETER_VALUE} before touching storage.
 * Null or empty {@code path} means the root itself.
 */
public interface ArtifactRepository extends AutoCloseable {

    /** Stores one local file as {@code <artifactDir>/<file name>} ({@code artifactDir} may be null). */
    void logArtifact(Path localFile, String artifactDir);

    /** Stores a local directory's contents recursively under {@code artifactDir}. */
    void logArtifacts(Path localDir, String artifactDir);

    /** Streams {@code content} to {@code path}, replacing what was there; never buffers the whole stream. */
    void write(String path, InputStream content, long length);

    /** Direct children of {@code path}, sorted by path; empty when it does not exist or is a file. */
    List<FileInfo> list(String path);

    /** Opens a file for streaming; RESOURCE_DOES_NOT_EXIST when there is none. */
    InputStream open(String path);

    /** Copies the file or directory tree at {@code path} into {@code destination} (created as needed). */
    void download(String path, Path destination);

    /** Deletes the file or tree at {@code path}; deleting what is not there is not an error. */
    void delete(String path);

    /**
     * Multipart uploads that land in this repository with their state kept in its storage, so they work
     * across stateless server replicas; empty when the repository cannot offer them.
     */
    default Optional<MultipartUploads> multipartUploads() {
        return Optional.empty();
    }

    @Override
    void close();
}
