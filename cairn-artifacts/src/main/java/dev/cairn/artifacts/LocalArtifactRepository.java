package dev.cairn.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.artifact.MultipartUploads;
import dev.cairn.core.error.CairnException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Artifacts in a local directory, which may be a NAS mount. Every path goes through
 * {@link ArtifactPath#resolveLocal}, so neither {@code ..} nor a symlink planted under the root reaches
 * a file outside it. Writes go to a temporary file beside the target and are renamed into place, so a
 * reader never sees half a file and an interrupted upload leaves the old version intact.
 */
public final class LocalArtifactRepository extends StreamingArtifactRepository {
    private static final String TEMP_PREFIX = ".cairn-upload-";
    private static final int WRITE_BUFFER = 1024 * 1024;

    private final Path root;

    public LocalArtifactRepository(Path root) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The local file a relative artifact path names, after the root-containment check. */
    public Path resolve(String path) {
        return ArtifactPath.resolveLocal(root, path);
    }

    /** As every repository, plus an empty local directory is kept as an empty artifact directory. */
    @Override
    public void logArtifacts(Path localDir, String artifactDir) {
        super.logArtifacts(localDir, artifactDir);
        if (isEmptyDir(localDir)) {
            mkdirs(resolve(ArtifactPath.normalize(artifactDir)));
        }
    }

    @Override
    public void write(String path, InputStream content, long length) {
        requireNonNull(content, "content is null");
        String relative = ArtifactPath.normalize(path);
        if (relative.isEmpty()) {
            throw CairnException.invalidParameter("An artifact path is required to write a file.");
        }
        Path target = resolve(relative);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw CairnException.invalidParameter("Artifact path '%s' is a directory.", relative);
        }
        mkdirs(target.getParent());
        // Re-check after creating parents: a concurrent writer could have planted a link meanwhile.
        resolve(relative);
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), TEMP_PREFIX, ".part");
            long copied;
            // Network streams hand over a few KiB per read; batching them into large writes keeps the upload
            // from being bound by system calls.
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), WRITE_BUFFER)) {
                copied = copy(content, out);
            }
            if (length >= 0 && copied != length) {
                throw CairnException.invalidParameter(
                        "Upload of '%s' ended after %d of %d bytes.", relative, copied, length);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new CairnException(dev.cairn.core.error.ErrorCode.INTERNAL_ERROR,
                    "Cannot write artifact '" + relative + "': " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a stray .part file is harmless and hidden from listings
                }
            }
        }
    }

    @Override
    public List<FileInfo> list(String path) {
        String relative = ArtifactPath.normalize(path);
        Path dir = resolve(relative);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<FileInfo> out = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                String childPath = ArtifactPath.join(relative, name);
                if (name.startsWith(TEMP_PREFIX) || childPath.equals(MultipartUploads.STAGING_DIR)) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    // A link out of the root is not listed: it could not be read anyway.
                    resolve(childPath);
                    attrs = Files.readAttributes(child, BasicFileAttributes.class);
                } catch (CairnException | IOException e) {
                    continue;
                }
                out.add(attrs.isDirectory() ? new FileInfo(childPath, true, null) : new FileInfo(childPath, false, attrs.size()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
        out.sort(Comparator.comparing(FileInfo::path));
        return out;
    }

    @Override
    public InputStream open(String path) {
        String relative = ArtifactPath.normalize(path);
        Path file = resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw CairnException.notFound("No artifact at '%s'.", relative);
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw CairnException.notFound("No artifact at '%s'.", relative);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open " + file, e);
        }
    }

    /** Size of a file, or null when {@code path} is not a file. */
    public Long size(String path) {
        Path file = resolve(path);
        try {
            return Files.isRegularFile(file) ? Files.size(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void download(String path, Path destination) {
        requireNonNull(destination, "destination is null");
        String relative = ArtifactPath.normalize(path);
        Path source = resolve(relative);
        if (!Files.exists(source)) {
            throw CairnException.notFound("No artifact at '%s'.", relative);
        }
        RepositoryDownloads.download(this, relative, destination);
    }

    @Override
    public void delete(String path) {
        String relative = ArtifactPath.normalize(path);
        Path target = resolve(relative);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            // walkFileTree does not follow links, so a link inside the tree is removed, never its target.
            Files.walkFileTree(target, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (exc != null) {
                        throw exc;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // deleted concurrently: the outcome is the same
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + target, e);
        }
    }

    /** Parts staged as files under the root, so every replica sharing the directory sees them. */
    @Override
    public Optional<MultipartUploads> multipartUploads() {
        return Optional.of(new StagedMultipartUploads(this));
    }

    @Override
    public void close() {}

    private static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    private static boolean isEmptyDir(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "LocalArtifactRepository[" + root + "]";
    }
}
