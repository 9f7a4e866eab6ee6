package dev.cairn.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.ExperimentSearch;
import dev.cairn.core.search.SearchFilter;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the artifacts of a directory store that was moved, renamed or mounted at another path.
 *
 * <p>MLflow's directory store records artifact locations as absolute {@code file://} URIs inside its own
 * root ({@code file:///old/mlruns/1/<run>/artifacts}); after a move they point at nothing. This resolver
 * knows the store's current root and the roots it used to live at, and maps a recorded location that no
 * longer exists into the current root. Old roots are learnt from the experiments themselves: an experiment
 * whose recorded location is {@code <somewhere>/<its id>} was created in a store rooted at
 * {@code <somewhere>}. A location that still exists, or that is not local, is returned unchanged, so the
 * resolver is safe to put in front of every artifact access of a directory store.
 *
 * <p>It also finds the artifacts of runs in deleted experiments, which MLflow moves to {@code .trash/}
 * without rewriting their recorded locations. Mapped paths never leave the current root.
 *
 * <p>Use: {@code RelocatingArtifactResolver.forDirectoryStore(root, store).resolve(run.info().artifactUri())},
 * or {@link #open} for a repository. {@code cairn relocate} fixes the recorded locations for good.
 *
 * <p>It lives here, next to the repositories, so that the client's direct mode, the CLI, the server and
 * {@code cairn migrate} all find moved artifacts the same way. Thread-safe: it holds no mutable state.
 */
public final class RelocatingArtifactResolver {
    private static final String TRASH = ".trash";

    private final Path root;
    private final List<Path> oldRoots;

    /**
     * @param currentRoot where the store lives now
     * @param oldRoots earlier roots, as {@code file:} URIs or absolute paths
     */
    public RelocatingArtifactResolver(Path currentRoot, Collection<String> oldRoots) {
        this.root = requireNonNull(currentRoot, "currentRoot is null").toAbsolutePath().normalize();
        List<Path> roots = new ArrayList<>();
        for (String old : requireNonNull(oldRoots, "oldRoots is null")) {
            localPath(old).filter(p -> !p.equals(root)).ifPresent(roots::add);
        }
        // the most specific root wins when one old root lies inside another
        roots.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        this.oldRoots = List.copyOf(new LinkedHashSet<>(roots));
    }

    /** A resolver for the directory store at {@code root}, learning its old roots from the store's experiments. */
    public static RelocatingArtifactResolver forDirectoryStore(Path root, TrackingStore store) {
        requireNonNull(root, "root is null");
        requireNonNull(store, "store is null");
        return new RelocatingArtifactResolver(root, oldRootsOf(store));
    }

    /** The roots experiments of {@code store} were created under (each recorded location minus its id). */
    public static Set<String> oldRootsOf(TrackingStore store) {
        Set<String> roots = new LinkedHashSet<>();
        for (Experiment e : allExperiments(store)) {
            String location = e.artifactLocation();
            String suffix = "/" + e.experimentId().value();
            if (location != null && isLocal(location) && location.endsWith(suffix)) {
                roots.add(location.substring(0, location.length() - suffix.length()));
            }
        }
        return roots;
    }

    /** Every experiment of {@code store}, deleted ones too, all pages read. */
    public static List<Experiment> allExperiments(TrackingStore store) {
        List<Experiment> out = new ArrayList<>();
        PageToken token = PageToken.FIRST;
        while (true) {
            Page<Experiment> page = store.searchExperiments(
                    new ExperimentSearch(SearchFilter.ALL, ViewType.ALL, ExperimentSearch.DEFAULT_MAX_RESULTS, List.of(), token));
            out.addAll(page.items());
            if (page.nextPageToken() == null || page.items().isEmpty()) {
                return out;
            }
            token = PageToken.parse(page.nextPageToken());
        }
    }

    public Path currentRoot() {
        return root;
    }

    /** The old roots this resolver maps from, most specific first. */
    public List<Path> oldRoots() {
        return oldRoots;
    }

    /**
     * Where the artifacts recorded at {@code recordedLocation} are now: the location itself when it exists
     * or is not local; otherwise its counterpart under the current root (or the root's trash), written in
     * the same form (URI or path) as the recorded one.
     */
    public String resolve(String recordedLocation) {
        return mapped(recordedLocation).orElse(recordedLocation);
    }

    /** The counterpart under the current root when the recorded location is missing and maps there; else empty. */
    public Optional<String> mapped(String recordedLocation) {
        if (recordedLocation == null) {
            return Optional.empty();
        }
        Optional<Path> local = localPath(recordedLocation);
        if (local.isEmpty() || Files.exists(local.get())) {
            return Optional.empty();
        }
        Path recorded = local.get();
        List<Path> bases = new ArrayList<>(oldRoots);
        bases.add(root);
        for (Path base : bases) {
            if (!recorded.startsWith(base) || recorded.equals(base)) {
                continue;
            }
            Path relative = base.relativize(recorded);
            Path moved = root.resolve(relative).normalize();
            Path trashed = root.resolve(TRASH).resolve(relative).normalize();
            if (!moved.startsWith(root)) {
                continue;
            }
            // a deleted experiment's folder sits in the trash, recorded locations still name the live folder
            Path experimentInTrash = root.resolve(TRASH).resolve(relative.getName(0)).normalize();
            Path found = !Files.exists(moved) && experimentInTrash.startsWith(root.resolve(TRASH)) && Files.isDirectory(experimentInTrash)
                    ? trashed : moved;
            if (found.equals(recorded)) {
                return Optional.empty();
            }
            return Optional.of(sameForm(found, recordedLocation));
        }
        return Optional.empty();
    }

    /** Opens the artifact repository of a recorded location, wherever it is now. */
    public ArtifactRepository open(String recordedLocation) {
        return ArtifactRepositories.open(resolve(recordedLocation));
    }

    /** True for {@code file:} URIs and plain paths. */
    private static boolean isLocal(String location) {
        return location != null && !location.isBlank() && TrackingUri.parse(location).isLocalDirectory();
    }

    /** The local path of a {@code file:} URI or plain path; empty for other schemes or remote hosts. */
    private static Optional<Path> localPath(String location) {
        if (!isLocal(location)) {
            return Optional.empty();
        }
        try {
            return Optional.of(TrackingUri.parse(location).localPath(Path.of("").toAbsolutePath()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code path} written as {@code like} is: a {@code file://} URI (as the directory store writes them) or a plain path. */
    private static String sameForm(Path path, String like) {
        if (!like.regionMatches(true, 0, "file:", 0, 5)) {
            return path.toString();
        }
        String uri = "file://" + path.toAbsolutePath().normalize().toUri().getRawPath();
        return uri.length() > "file:///".length() && uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    @Override
    public String toString() {
        return "RelocatingArtifactResolver[" + root + " <- " + oldRoots + "]";
    }
}
