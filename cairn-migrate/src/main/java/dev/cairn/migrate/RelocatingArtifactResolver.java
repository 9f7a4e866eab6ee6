package dev.cairn.migrate;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.store.TrackingStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Moved to {@link dev.cairn.artifacts.RelocatingArtifactResolver} so that the client, the CLI and the server
 * can use it without depending on cairn-migrate. This forwarder only keeps callers written against the old
 * package compiling while they switch their import; it adds nothing.
 *
 * @deprecated use {@link dev.cairn.artifacts.RelocatingArtifactResolver}
 */
@Deprecated(forRemoval = true)
public final class RelocatingArtifactResolver {
    private final dev.cairn.artifacts.RelocatingArtifactResolver target;

    private RelocatingArtifactResolver(dev.cairn.artifacts.RelocatingArtifactResolver target) {
        this.target = requireNonNull(target, "target is null");
    }

    public static RelocatingArtifactResolver forDirectoryStore(Path root, TrackingStore store) {
        return new RelocatingArtifactResolver(dev.cairn.artifacts.RelocatingArtifactResolver.forDirectoryStore(root, store));
    }

    public Path currentRoot() {
        return target.currentRoot();
    }

    public List<Path> oldRoots() {
        return target.oldRoots();
    }

    public String resolve(String recordedLocation) {
        return target.resolve(recordedLocation);
    }

    public Optional<String> mapped(String recordedLocation) {
        return target.mapped(recordedLocation);
    }

    public ArtifactRepository open(String recordedLocation) {
        return target.open(recordedLocation);
    }
}
