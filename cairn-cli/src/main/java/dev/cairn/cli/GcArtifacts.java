package dev.cairn.cli;

import static java.util.Objects.requireNonNull;

import dev.cairn.artifacts.ArtifactPath;
import dev.cairn.artifacts.ArtifactRepositories;
import dev.cairn.artifacts.LocalArtifactRepository;
import dev.cairn.artifacts.LocalArtifactRepositoryProvider;
import dev.cairn.artifacts.MlflowArtifactsRepository;
import dev.cairn.artifacts.PrefixedArtifactRepository;
import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.uri.TrackingUri;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Removes the artifact locations {@code cairn gc} was asked to, and nothing else: each location is opened as
 * the root of its own repository ({@link ArtifactRepositories}, or the {@code --artifacts-destination} for
 * {@code mlflow-artifacts:}) and only that root is deleted, so no path is ever joined by hand.
 *
 * <p>A location that equals or contains a protected one (the store, the working directory, the home
 * directory, a location some experiment that stays still uses) is refused: a run or experiment whose recorded
 * location is that broad would otherwise take everything under it along.
 *
 * <p>Nothing here throws for a location that cannot be removed: gc goes on, and the reason comes back as a
 * warning for the user to act on.
 */
final class GcArtifacts implements AutoCloseable {
    private final Path workingDir;
    private final String destination;
    private final UnaryOperator<String> relocate;
    private final List<String> protectedKeys = new ArrayList<>();
    private ArtifactRepository destinationRepository;

    /**
     * @param destination the server's {@code --artifacts-destination}, which {@code mlflow-artifacts:} locations
     *     are relative to; null when not given
     * @param relocate maps a recorded location to where it is now (a directory store's trash), or identity
     */
    GcArtifacts(Path workingDir, String destination, UnaryOperator<String> relocate) {
        this.workingDir = requireNonNull(workingDir, "workingDir is null");
        this.destination = destination;
        this.relocate = requireNonNull(relocate, "relocate is null");
    }

    static boolean isProxied(String location) {
        return location != null && TrackingUri.parse(location).scheme().equals(MlflowArtifactsRepository.SCHEME);
    }

    boolean hasDestination() {
        return destination != null;
    }

    /** Locations (URIs or paths) that no removal may reach, neither by being them nor by containing them. */
    void protect(Collection<String> locations) {
        for (String location : locations) {
            if (location != null && !location.isBlank()) {
                try {
                    protectedKeys.add(key(location));
                } catch (RuntimeException e) {
                    // a location nobody can open cannot be reached by a removal either
                }
            }
        }
    }

    void protect(Path local) {
        protectedKeys.add(localKey(local));
    }

    /** Why a location was left: {@code missing} when there was nothing there to remove. */
    record Left(String reason, boolean missing) {
        static Left because(String reason) {
            return new Left(reason, false);
        }
    }

    /**
     * Removes everything at {@code location}; returns null when done, else why not (missing, refused, failed),
     * naming {@code owner} ("run abc") for the user. With {@code dryRun} only checks.
     */
    Left remove(String location, String owner, boolean dryRun) {
        if (location == null || location.isBlank()) {
            return new Left(owner + " has no artifact location; nothing to remove there.", true);
        }
        String current;
        String key;
        try {
            current = relocate.apply(location);
            key = key(current);
        } catch (RuntimeException e) {
            return Left.because("Artifacts of " + owner + " at " + shown(location) + " were left: " + e.getMessage());
        }
        for (String kept : protectedKeys) {
            if (kept.equals(key) || kept.startsWith(key.endsWith("/") ? key : key + "/")) {
                return Left.because("Artifacts of " + owner + " at " + shown(current) + " were left: that location also holds "
                        + kept.substring(kept.indexOf(':') + 1) + ", which stays.");
            }
        }
        if (isProxied(current) && destination == null) {
            return Left.because("Artifacts of " + owner + " at " + shown(current) + " were left: pass --artifacts-destination.");
        }
        if (key.equals(MlflowArtifactsRepository.SCHEME + ":/")) {
            return Left.because("Artifacts of " + owner + " at " + shown(current) + " were left: that is the whole artifact destination.");
        }
        try (ArtifactRepository repository = open(current)) {
            Path local = localDirectory(current);
            if (local != null && !Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
                return new Left("Artifacts of " + owner + ": " + local + " does not exist (removed already?); nothing to remove there.", true);
            }
            if (!dryRun) {
                repository.delete("");
            }
            return null;
        } catch (RuntimeException e) {
            return Left.because("Artifacts of " + owner + " at " + shown(current) + " could not be removed ("
                    + e.getMessage() + "); remove them by hand.");
        }
    }

    private ArtifactRepository open(String location) {
        TrackingUri uri = TrackingUri.parse(location);
        if (uri.scheme().equals(MlflowArtifactsRepository.SCHEME)) {
            return new PrefixedArtifactRepository(destinationRepository(), MlflowArtifactsRepository.pathOf(URI.create(location)));
        }
        if (uri.isLocalDirectory()) {
            return new LocalArtifactRepository(LocalArtifactRepositoryProvider.localRoot(location, workingDir));
        }
        return ArtifactRepositories.open(location);
    }

    /** As the server opens its destination: a local one against the working directory. */
    private ArtifactRepository destinationRepository() {
        if (destinationRepository == null) {
            destinationRepository = TrackingUri.parse(destination).isLocalDirectory()
                    ? new LocalArtifactRepository(LocalArtifactRepositoryProvider.localRoot(destination, workingDir))
                    : ArtifactRepositories.open(destination);
        }
        return destinationRepository;
    }

    /** The local directory a location names (directly, or inside a local destination); null when remote. */
    private Path localDirectory(String location) {
        TrackingUri uri = TrackingUri.parse(location);
        if (uri.isLocalDirectory()) {
            return LocalArtifactRepositoryProvider.localRoot(location, workingDir);
        }
        if (uri.scheme().equals(MlflowArtifactsRepository.SCHEME) && destinationRepository() instanceof LocalArtifactRepository local) {
            return local.resolve(MlflowArtifactsRepository.pathOf(URI.create(location)));
        }
        return null;
    }

    /** A comparable form: local paths resolved (links too), proxied paths normalised, remote URIs without a trailing slash. */
    private String key(String location) {
        TrackingUri uri = TrackingUri.parse(location);
        if (uri.isLocalDirectory()) {
            return localKey(LocalArtifactRepositoryProvider.localRoot(location, workingDir));
        }
        if (uri.scheme().equals(MlflowArtifactsRepository.SCHEME)) {
            String path = ArtifactPath.normalize(MlflowArtifactsRepository.pathOf(URI.create(location)));
            return MlflowArtifactsRepository.SCHEME + ":/" + path;
        }
        String raw = location;
        while (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        int colon = raw.indexOf(':');
        return raw.substring(0, colon).toLowerCase(Locale.ROOT) + raw.substring(colon);
    }

    private static String localKey(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            absolute = Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            // compare the normal form then
        }
        String s = absolute.toString();
        return "file:" + (s.endsWith("/") ? s : s + "/");
    }

    private static String shown(String location) {
        return TrackingUri.parse(location).redacted();
    }

    @Override
    public void close() {
        if (destinationRepository != null) {
            destinationRepository.close();
        }
    }
}
