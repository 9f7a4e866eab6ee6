package dev.cairn.artifacts;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.ArtifactRepositoryProvider;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import java.util.Set;

/** {@code file:} URIs and plain paths (relative ones against the working directory). */
public final class LocalArtifactRepositoryProvider implements ArtifactRepositoryProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public ArtifactRepository open(String rootUri) {
        return new LocalArtifactRepository(localRoot(rootUri, Path.of("").toAbsolutePath()));
    }

    /** The local directory of a {@code file:} URI or path; fragments, queries and remote hosts are refused. */
    public static Path localRoot(String rootUri, Path workingDir) {
        if (rootUri.indexOf('#') >= 0 || rootUri.indexOf('?') >= 0 || rootUri.indexOf('\0') >= 0) {
            throw CairnException.invalidParameter("Artifact location '%s' must not contain '#', '?' or NUL.",
                    ArtifactPath.printable(rootUri));
        }
        try {
            return TrackingUri.parse(rootUri).localPath(workingDir);
        } catch (IllegalArgumentException e) {
            throw CairnException.invalidParameter("Invalid artifact location '%s': %s", rootUri, e.getMessage());
        }
    }
}
