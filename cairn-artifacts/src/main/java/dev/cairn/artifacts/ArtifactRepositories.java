package dev.cairn.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.ArtifactRepositoryProvider;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.uri.TrackingUri;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Opens the artifact repository an artifact URI names, through the provider registered for its scheme. */
public final class ArtifactRepositories {
    private ArtifactRepositories() {}

    /**
     * @throws CairnException INVALID_PARAMETER_VALUE naming the known schemes when none handles this one
     */
    public static ArtifactRepository open(String artifactUri) {
        requireNonNull(artifactUri, "artifactUri is null");
        if (artifactUri.isBlank()) {
            throw CairnException.invalidParameter("Artifact URI is empty.");
        }
        String scheme = TrackingUri.parse(artifactUri).scheme();
        TreeSet<String> known = new TreeSet<>();
        for (ArtifactRepositoryProvider provider : ServiceLoader.load(ArtifactRepositoryProvider.class,
                ArtifactRepositories.class.getClassLoader())) {
            if (provider.schemes().contains(scheme)) {
                return provider.open(artifactUri);
            }
            known.addAll(provider.schemes());
        }
        throw CairnException.invalidParameter(
                "No artifact repository for scheme '%s' in artifact URI '%s'. Known schemes: %s (and plain paths).",
                scheme, TrackingUri.parse(artifactUri).redacted(), String.join(", ", known));
    }
}
