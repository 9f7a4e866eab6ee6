package dev.cairn.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.artifact.ArtifactRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Logging local files, for every repository, in terms of its streamed {@link #write}: one place
 * decides how a local file or tree maps onto artifact paths.
 */
abstract class StreamingArtifactRepository implements ArtifactRepository {

    @Override
    public void logArtifact(Path localFile, String artifactDir) {
        requireNonNull(localFile, "localFile is null");
        String target = ArtifactPath.join(ArtifactPath.normalize(artifactDir), localFile.getFileName().toString());
        try (InputStream in = Files.newInputStream(localFile)) {
            write(target, in, Files.size(localFile));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + localFile, e);
        }
    }

    @Override
    public void logArtifacts(Path localDir, String artifactDir) {
        requireNonNull(localDir, "localDir is null");
        String base = ArtifactPath.normalize(artifactDir);
        LocalTrees.forEachFile(localDir, (relative, file) -> {
            try (InputStream in = Files.newInputStream(file)) {
                write(ArtifactPath.join(base, relative), in, Files.size(file));
            }
        });
    }
}
