package dev.cairn.migrate;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.migrate.StoreMaintenance.LocationChange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code cairn relocate}: rewrites recorded artifact locations under one prefix to another, for good. A local
 * prefix given as a path also matches locations recorded as {@code file://} URIs and the other way round
 * (MLflow's directory store records URIs, its SQL store often plain paths), and each match keeps its form.
 */
public final class ArtifactLocationRelocation {
    private ArtifactLocationRelocation() {}

    /** Opens the store's maintenance and relocates; fails for stores Cairn cannot rewrite (e.g. a remote server). */
    public static List<LocationChange> relocate(TrackingUri store, StoreConfig config, String from, String to, boolean dryRun) {
        requireNonNull(store, "store is null");
        Optional<StoreMaintenance> maintenance = StoreMaintenance.open(store, config);
        if (maintenance.isEmpty()) {
            throw CairnException.invalidParameter("Cairn cannot rewrite the records of %s; relocate works on directory"
                    + " stores and SQLite, PostgreSQL and MySQL databases.", store);
        }
        try (StoreMaintenance m = maintenance.get()) {
            return relocate(m, from, to, dryRun);
        }
    }

    public static List<LocationChange> relocate(StoreMaintenance maintenance, String from, String to, boolean dryRun) {
        requireNonNull(maintenance, "maintenance is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (from.isBlank() || to.isBlank()) {
            throw CairnException.invalidParameter("Both --from and --to must name a location.");
        }
        List<LocationChange> changes = new ArrayList<>();
        Optional<Path> fromPath = Locations.localPath(from);
        if (fromPath.isEmpty()) {
            return maintenance.relocateArtifactLocations(from.trim(), to.trim(), dryRun);
        }
        Optional<Path> toPath = Locations.localPath(to);
        String toUri = toPath.map(Locations::fileUri).orElse(to.trim());
        String toPlain = toPath.map(Path::toString).orElse(to.trim());
        if (toPath.isPresent() && (toPath.get().startsWith(fromPath.get()) && !toPath.get().equals(fromPath.get()))) {
            // a rerun would match the relocated records again; refuse rather than nest the path deeper each time
            throw CairnException.invalidParameter("The new location %s lies inside the old one %s; relocate to a place"
                    + " outside it.", to, from);
        }
        changes.addAll(maintenance.relocateArtifactLocations(Locations.fileUri(fromPath.get()), toUri, dryRun));
        changes.addAll(maintenance.relocateArtifactLocations(fromPath.get().toString(), toPlain, dryRun));
        return changes;
    }
}
