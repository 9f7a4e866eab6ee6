package dev.cairn.migrate;

import static java.util.Objects.requireNonNull;

import dev.cairn.artifacts.RelocatingArtifactResolver;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchFilter;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code cairn doctor} check for artifact locations: finds recorded local locations that point to places
 * that no longer exist, and says how to fix them.
 *
 * <p>A run that never logged an artifact may have no folder yet, so a single missing run folder is not a
 * finding. What is: a location whose artifact root (the location without {@code /<experiment>[/<run>/artifacts]})
 * is gone — the store or its artifacts were moved — and, for directory stores, any missing location that the
 * {@link RelocatingArtifactResolver} finds under the store's current root. Locations with other schemes (S3,
 * SFTP, HTTP) are not checked: probing them would need credentials and network access.
 */
public final class ArtifactLocationDoctor {
    /**
     * One broken location.
     *
     * @param entity "experiment" or "run"
     * @param movedTo where the artifacts are now, when known (directory stores); null otherwise
     * @param oldRoot the missing root the location is under
     * @param fix the command (or action) that repairs it
     */
    public record Finding(String entity, String id, String location, String movedTo, String oldRoot, String fix) {
        public String describe() {
            return entity + " " + id + ": " + location + (movedTo != null ? " is now at " + movedTo : " does not exist")
                    + "\n    fix: " + fix;
        }
    }

    private ArtifactLocationDoctor() {}

    /** Opens the store at {@code uri} and checks it. */
    public static List<Finding> check(TrackingUri uri, StoreConfig config) {
        requireNonNull(uri, "uri is null");
        requireNonNull(config, "config is null");
        Path root = uri.isLocalDirectory() ? uri.localPath(config.workingDir()) : null;
        try (TrackingStore store = TrackingStores.open(uri, config)) {
            return check(store, uri.redacted(), root);
        }
    }

    /**
     * Checks every experiment and run of an open store.
     *
     * @param storeUri how the user names the store (used in the suggested command)
     * @param directoryRoot the root of a directory store, or null for other stores
     */
    public static List<Finding> check(TrackingStore store, String storeUri, Path directoryRoot) {
        requireNonNull(store, "store is null");
        requireNonNull(storeUri, "storeUri is null");
        RelocatingArtifactResolver resolver = directoryRoot == null ? null
                : RelocatingArtifactResolver.forDirectoryStore(directoryRoot, store);
        List<Finding> out = new ArrayList<>();
        Map<String, Boolean> rootExists = new LinkedHashMap<>();
        for (Experiment e : RelocatingArtifactResolver.allExperiments(store)) {
            String suffix = "/" + e.experimentId().value();
            inspect("experiment", e.experimentId().value(), e.artifactLocation(), suffix, storeUri, resolver, rootExists)
                    .ifPresent(out::add);
            PageToken token = PageToken.FIRST;
            while (true) {
                Page<Run> page = store.searchRuns(new RunSearch(List.of(e.experimentId()), SearchFilter.ALL, ViewType.ALL,
                        RunSearch.DEFAULT_MAX_RESULTS, List.of(), token));
                for (Run r : page.items()) {
                    inspect("run", r.info().runId().value(), r.info().artifactUri(),
                            suffix + "/" + r.info().runId().value() + "/artifacts", storeUri, resolver, rootExists)
                            .ifPresent(out::add);
                }
                if (page.nextPageToken() == null || page.items().isEmpty()) {
                    break;
                }
                token = PageToken.parse(page.nextPageToken());
            }
        }
        return out;
    }

    private static Optional<Finding> inspect(String entity, String id, String location, String layoutSuffix, String storeUri,
            RelocatingArtifactResolver resolver, Map<String, Boolean> rootExists) {
        Optional<Path> local = Locations.localPath(location);
        if (local.isEmpty() || Files.exists(local.get())) {
            return Optional.empty();
        }
        String root = location.endsWith(layoutSuffix) ? location.substring(0, location.length() - layoutSuffix.length())
                : location.substring(0, Math.max(location.lastIndexOf('/'), 0));
        if (resolver != null) {
            Optional<String> moved = resolver.mapped(location);
            if (moved.isPresent() && Locations.localPath(moved.get()).map(Files::exists).orElse(false)) {
                String newRoot = Locations.sameForm(resolver.currentRoot(), location);
                String oldRoot = resolver.oldRoots().stream().map(p -> Locations.sameForm(p, location))
                        .filter(r -> location.startsWith(r + "/")).findFirst().orElse(root);
                if (!oldRoot.equals(newRoot)) {
                    return Optional.of(new Finding(entity, id, location, moved.get(), oldRoot,
                            relocateCommand(storeUri, oldRoot, newRoot)));
                }
            }
        }
        boolean exists = rootExists.computeIfAbsent(root, r -> Locations.localPath(r).map(Files::isDirectory).orElse(false));
        if (exists || root.isEmpty()) {
            return Optional.empty();
        }
        // A root nobody ever logged an artifact under was never created either; the message says so rather than
        // guessing, since the file system cannot tell the two apart.
        return Optional.of(new Finding(entity, id, location, null, root, "the directory " + root + " does not exist; if it"
                + " was moved, run " + relocateCommand(storeUri, root, "<where it is now>") + "; if it was deleted, restore it"
                + " (if no artifact was ever logged there, nothing is lost)"));
    }

    private static String relocateCommand(String storeUri, String from, String to) {
        return "cairn relocate --store " + quote(storeUri) + " --from " + quote(from) + " --to " + quote(to);
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:@+=,%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** The findings as a report: one entry per location, then the distinct commands that fix them all. */
    public static String render(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "Artifact locations: every local location exists.\n";
        }
        StringBuilder s = new StringBuilder("Artifact locations: ").append(findings.size())
                .append(" point to places that no longer exist.\n");
        findings.stream().limit(20).forEach(f -> s.append("  ").append(f.describe()).append('\n'));
        if (findings.size() > 20) {
            s.append("  ... and ").append(findings.size() - 20).append(" more\n");
        }
        s.append("To fix:\n");
        findings.stream().map(Finding::fix).distinct().forEach(f -> s.append("  ").append(f).append('\n'));
        return s.toString();
    }
}
