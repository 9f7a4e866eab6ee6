package dev.cairn.migrate;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.Experiment;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.store.file.FileStoreMaintenance;
import dev.cairn.store.sql.SqlStoreMaintenance;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Backend operations that rewrite recorded data in place, for the stores Cairn writes (directory and SQL).
 * The {@code TrackingStore} SPI leaves them out on purpose: only maintenance tools should ever do this.
 */
public interface StoreMaintenance extends AutoCloseable {
    /** One recorded artifact location a relocation changes (or would change). {@code entity} is "experiment" or "run". */
    record LocationChange(String entity, String id, String oldLocation, String newLocation) {}

    /**
     * Rewrites every experiment artifact location and run artifact URI equal to {@code from} or under
     * {@code from + "/"} to start with {@code to} instead; writes nothing when {@code dryRun}.
     */
    List<LocationChange> relocateArtifactLocations(String from, String to, boolean dryRun);

    /** Replaces an existing experiment's name, location, stage, times and tags (the auto-created Default only). */
    void overwriteExperiment(Experiment experiment);

    @Override
    void close();

    /** Maintenance for the store a URI names; empty for stores Cairn cannot rewrite (e.g. a remote server). */
    static Optional<StoreMaintenance> open(TrackingUri uri, StoreConfig config) {
        requireNonNull(uri, "uri is null");
        requireNonNull(config, "config is null");
        if (uri.isLocalDirectory()) {
            return Optional.of(directory(uri.localPath(config.workingDir())));
        }
        if (Set.of("sqlite", "postgresql", "mysql", "mariadb").contains(uri.scheme())) {
            SqlStoreMaintenance sql = SqlStoreMaintenance.open(uri, config);
            return Optional.of(new StoreMaintenance() {
                @Override
                public List<LocationChange> relocateArtifactLocations(String from, String to, boolean dryRun) {
                    return sql.relocateArtifactLocations(from, to, dryRun).stream()
                            .map(c -> new LocationChange(c.entity(), c.id(), c.oldLocation(), c.newLocation()))
                            .toList();
                }

                @Override
                public void overwriteExperiment(Experiment experiment) {
                    sql.overwriteExperiment(experiment);
                }

                @Override
                public void close() {
                    sql.close();
                }

                @Override
                public String toString() {
                    return sql.toString();
                }
            });
        }
        return Optional.empty();
    }

    /** Maintenance for the directory store at {@code root}. */
    static StoreMaintenance directory(Path root) {
        FileStoreMaintenance files = new FileStoreMaintenance(root);
        return new StoreMaintenance() {
            @Override
            public List<LocationChange> relocateArtifactLocations(String from, String to, boolean dryRun) {
                return files.relocateArtifactLocations(from, to, dryRun).stream()
                        .map(c -> new LocationChange(c.entity(), c.id(), c.oldLocation(), c.newLocation()))
                        .toList();
            }

            @Override
            public void overwriteExperiment(Experiment experiment) {
                files.overwriteExperiment(experiment);
            }

            @Override
            public void close() {}

            @Override
            public String toString() {
                return files.toString();
            }
        };
    }
}
