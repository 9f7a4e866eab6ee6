package dev.cairn.core.artifact;

import java.util.Set;

/** Opens an {@link ArtifactRepository} for the URI schemes it names. Found with {@link java.util.ServiceLoader}. */
public interface ArtifactRepositoryProvider {
    /** Lowercase schemes; {@code file} also covers plain paths. */
    Set<String> schemes();

    ArtifactRepository open(String rootUri);
}
