package dev.cairn.artifacts;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.ArtifactRepositoryProvider;
import java.util.Set;

/** {@code mlflow-artifacts:} locations, through the tracking server's artifact proxy. */
public final class MlflowArtifactsRepositoryProvider implements ArtifactRepositoryProvider {
    @Override
    public Set<String> schemes() {
        return Set.of(MlflowArtifactsRepository.SCHEME);
    }

    @Override
    public ArtifactRepository open(String rootUri) {
        return new MlflowArtifactsRepository(rootUri, System.getenv());
    }
}
