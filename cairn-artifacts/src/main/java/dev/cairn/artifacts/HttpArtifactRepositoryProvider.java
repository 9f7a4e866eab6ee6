package dev.cairn.artifacts;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.ArtifactRepositoryProvider;
import dev.cairn.core.error.CairnException;
import java.net.URI;
import java.util.Set;

/** {@code http://} and {@code https://} artifact locations. */
public final class HttpArtifactRepositoryProvider implements ArtifactRepositoryProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("http", "https");
    }

    @Override
    public ArtifactRepository open(String rootUri) {
        try {
            return new HttpArtifactRepository(URI.create(rootUri), System.getenv());
        } catch (IllegalArgumentException e) {
            throw CairnException.invalidParameter("Invalid HTTP artifact location '%s': %s", rootUri, e.getMessage());
        }
    }
}
