package dev.cairn.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.artifact.MultipartUploads;
import dev.cairn.core.artifact.UploadedPart;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A view of a sub-directory of another repository. Paths are joined to the prefix and handed to the base
 * repository, so containment is still proven against the base's root (a symlink at the prefix itself
 * cannot widen the view). Used to give each {@code mlflow-artifacts:} run its own root inside the
 * server's artifact destination. {@link #close()} leaves the base open.
 */
public final class PrefixedArtifactRepository implements ArtifactRepository {
    private final ArtifactRepository base;
    private final String prefix;

    public PrefixedArtifactRepository(ArtifactRepository base, String prefix) {
        this.base = requireNonNull(base, "base is null");
        this.prefix = ArtifactPath.normalize(prefix);
    }

    private String full(String path) {
        return ArtifactPath.join(prefix, ArtifactPath.normalize(path));
    }

    private FileInfo strip(FileInfo f) {
        String p = prefix.isEmpty() ? f.path() : f.path().substring(prefix.length() + 1);
        return new FileInfo(p, f.isDir(), f.fileSize());
    }

    @Override
    public void logArtifact(Path localFile, String artifactDir) {
        base.logArtifact(localFile, full(artifactDir));
    }

    @Override
    public void logArtifacts(Path localDir, String artifactDir) {
        base.logArtifacts(localDir, full(artifactDir));
    }

    @Override
    public void write(String path, InputStream content, long length) {
        base.write(full(path), content, length);
    }

    @Override
    public List<FileInfo> list(String path) {
        return base.list(full(path)).stream().map(this::strip).toList();
    }

    @Override
    public InputStream open(String path) {
        return base.open(full(path));
    }

    @Override
    public void download(String path, Path destination) {
        base.download(full(path), destination);
    }

    @Override
    public void delete(String path) {
        base.delete(full(path));
    }

    /** The base's uploads with paths joined to the prefix: staging, if any, stays at the base's root. */
    @Override
    public Optional<MultipartUploads> multipartUploads() {
        return base.multipartUploads().map(uploads -> new MultipartUploads() {
            @Override
            public String create(String path, int numParts) {
                return uploads.create(full(path), numParts);
            }

            @Override
            public String uploadPart(String path, String uploadId, int partNumber, InputStream content, long length) {
                return uploads.uploadPart(full(path), uploadId, partNumber, content, length);
            }

            @Override
            public void complete(String path, String uploadId, List<UploadedPart> parts) {
                uploads.complete(full(path), uploadId, parts);
            }

            @Override
            public void abort(String path, String uploadId) {
                uploads.abort(full(path), uploadId);
            }
        });
    }

    @Override
    public void close() {}
}
