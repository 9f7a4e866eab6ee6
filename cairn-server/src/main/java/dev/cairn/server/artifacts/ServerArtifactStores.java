package dev.cairn.server.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.artifacts.ArtifactRepositories;
import dev.cairn.artifacts.LocalArtifactRepository;
import dev.cairn.artifacts.LocalArtifactRepositoryProvider;
import dev.cairn.artifacts.MlflowArtifactsRepository;
import dev.cairn.artifacts.PrefixedArtifactRepository;
import dev.cairn.artifacts.RelocatingArtifactResolver;
import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.server.ServerOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the server reads and writes artifacts: its {@code --artifacts-destination} for the proxy and for
 * runs whose root is {@code mlflow-artifacts:}, or the run's own root for everything else. The destination
 * repository is opened once and shared; other roots are opened per request and closed by the caller.
 */
final class ServerArtifactStores implements AutoCloseable {
    private final ServerOptions options;
    private ArtifactRepository destination;
    private RelocatingArtifactResolver relocations; // built the first time a directory store's location is missing

    ServerArtifactStores(ServerOptions options) {
        this.options = requireNonNull(options, "options is null");
    }

    /** The proxy's repository; opened on first use so a server that never proxies never touches it. */
    synchronized ArtifactRepository destination() {
        if (destination == null) {
            String dest = options.artifactsDestination() == null
                    ? ServerOptions.DEFAULT_ARTIFACTS_DESTINATION : options.artifactsDestination();
            destination = TrackingUri.parse(dest).isLocalDirectory()
                    ? new LocalArtifactRepository(LocalArtifactRepositoryProvider.localRoot(dest, options.workingDir()))
                    : ArtifactRepositories.open(dest);
        }
        return destination;
    }

    /** A repository rooted at a run's artifact URI; close it after use (closing a destination view is a no-op). */
    ArtifactRepository forRoot(String artifactUri) {
        if (artifactUri == null || artifactUri.isEmpty()) {
            throw new CairnException(ErrorCode.INVALID_STATE, "The run has no artifact location.");
        }
        TrackingUri uri = TrackingUri.parse(artifactUri);
        if (uri.scheme().equals(MlflowArtifactsRepository.SCHEME)) {
            if (!options.serveArtifacts()) {
                throw new CairnException(ErrorCode.INVALID_STATE, "Artifacts of this run are at '" + artifactUri
                        + "', which this server could only reach with --serve-artifacts.");
            }
            String path;
            try {
                path = MlflowArtifactsRepository.pathOf(URI.create(artifactUri));
            } catch (IllegalArgumentException e) {
                throw CairnException.invalidParameter("Invalid artifact location '%s'.", artifactUri);
            }
            return new PrefixedArtifactRepository(destination(), path);
        }
        if (uri.isLocalDirectory()) {
            Path root = LocalArtifactRepositoryProvider.localRoot(artifactUri, options.workingDir());
            if (!Files.exists(root)) {
                root = LocalArtifactRepositoryProvider.localRoot(relocated(artifactUri), options.workingDir());
            }
            return new LocalArtifactRepository(root);
        }
        return ArtifactRepositories.open(artifactUri);
    }

    /**
     * A directory store that was moved still records its old absolute paths; find the artifacts where the store is
     * now (see {@link RelocatingArtifactResolver}). The old roots are learnt once, through a second read-only view
     * of the store, so that this class needs nothing but the options.
     */
    private synchronized String relocated(String artifactUri) {
        String backend = options.backendStoreUri();
        TrackingUri store = backend == null || backend.isBlank() ? null : TrackingUri.parse(backend);
        if (store == null || !store.isLocalDirectory()) {
            return artifactUri;
        }
        if (relocations == null) {
            try (TrackingStore view = TrackingStores.open(store, new StoreConfig(null, options.workingDir()))) {
                relocations = RelocatingArtifactResolver.forDirectoryStore(store.localPath(options.workingDir()), view);
            }
        }
        return relocations.resolve(artifactUri);
    }

    @Override
    public synchronized void close() {
        if (destination != null) {
            destination.close();
            destination = null;
        }
    }
}
