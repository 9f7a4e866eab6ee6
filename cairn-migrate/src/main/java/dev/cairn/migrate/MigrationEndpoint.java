package dev.cairn.migrate;

import static java.util.Objects.requireNonNull;

import dev.cairn.artifacts.ArtifactRepositories;
import dev.cairn.artifacts.MlflowArtifactsRepository;
import dev.cairn.artifacts.RelocatingArtifactResolver;
import dev.cairn.client.ClientConfig;
import dev.cairn.client.RestTrackingStore;
import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.store.ImportableTrackingStore;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.store.ValidatingTrackingStore;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One side of a migration: the store, how to reach its artifacts, and (for targets) how to write entities with
 * their ids and rewrite records in place. Closing it closes what {@link #open} opened.
 */
public final class MigrationEndpoint implements AutoCloseable {
    private final String display;
    private final TrackingStore store;
    private final ImportableTrackingStore importer;
    private final StoreMaintenance maintenance;
    private final Path directoryRoot;
    private final Function<String, ArtifactRepository> artifacts;
    private final List<AutoCloseable> owned;
    private final long maxExperimentId;

    private MigrationEndpoint(String display, TrackingStore store, ImportableTrackingStore importer,
            StoreMaintenance maintenance, Path directoryRoot, Function<String, ArtifactRepository> artifacts,
            List<AutoCloseable> owned, long maxExperimentId) {
        this.maxExperimentId = maxExperimentId;
        this.display = display;
        this.store = store;
        this.importer = importer;
        this.maintenance = maintenance;
        this.directoryRoot = directoryRoot;
        this.artifacts = artifacts;
        this.owned = owned;
    }

    /**
     * Opens a source store: a directory, a database URI (any scheme a {@code TrackingStoreProvider} serves), or an
     * {@code http(s)://} Cairn or MLflow server through the client's {@code RestTrackingStore} (its
     * {@code mlflow-artifacts:/} locations are read through that server's artifact proxy). A directory or SQLite
     * file that does not exist is refused instead of being created empty.
     */
    public static MigrationEndpoint openSource(TrackingUri uri, StoreConfig config) {
        return open(uri, config, true);
    }

    /** Opens (creating if needed) a target store, with its in-place maintenance where Cairn has one. */
    public static MigrationEndpoint openTarget(TrackingUri uri, StoreConfig config) {
        return open(uri, config, false);
    }

    private static MigrationEndpoint open(TrackingUri uri, StoreConfig config, boolean mustExist) {
        requireNonNull(uri, "uri is null");
        requireNonNull(config, "config is null");
        Path root = uri.isLocalDirectory() ? uri.localPath(config.workingDir()) : null;
        if (mustExist) {
            if (root != null && !Files.isDirectory(root)) {
                throw CairnException.invalidParameter("The source store %s does not exist (no directory %s).", uri, root);
            }
            String ssp = uri.schemeSpecificPart();
            if (uri.scheme().equals("sqlite") && ssp.startsWith("///")) {
                // sqlite:///relative.db and sqlite:////absolute.db, as SQLAlchemy writes them
                String path = ssp.substring(3).replaceFirst("\\?.*$", "");
                Path file = config.workingDir().resolve(path);
                if (!path.isEmpty() && !path.equals(":memory:") && !Files.isRegularFile(file)) {
                    throw CairnException.invalidParameter("The source store %s does not exist (no file %s).", uri, file);
                }
            }
        }
        List<AutoCloseable> owned = new ArrayList<>();
        boolean server = uri.scheme().equals("http") || uri.scheme().equals("https");
        TrackingStore store = server ? new RestTrackingStore(uri.raw(), ClientConfig.fromEnvironment())
                : TrackingStores.open(uri, config);
        owned.add(store);
        try {
            TrackingStore backend = store instanceof ValidatingTrackingStore v ? v.delegate() : store;
            ImportableTrackingStore importer = backend instanceof ImportableTrackingStore i ? i : null;
            StoreMaintenance maintenance = mustExist ? null : StoreMaintenance.open(uri, config).orElse(null);
            if (maintenance != null) {
                owned.add(0, maintenance);
            }
            Function<String, ArtifactRepository> artifacts = ArtifactRepositories::open;
            if (server) {
                // a server's short mlflow-artifacts:/ locations mean this server, whatever MLFLOW_TRACKING_URI says
                Map<String, String> env = new HashMap<>(System.getenv());
                env.put("MLFLOW_TRACKING_URI", uri.raw());
                artifacts = location -> location.startsWith(MlflowArtifactsRepository.SCHEME + ":")
                        ? new MlflowArtifactsRepository(location, env) : ArtifactRepositories.open(location);
            }
            if (root != null) {
                Path storeRoot = root;
                TrackingStore reader = store;
                artifacts = new Function<>() {
                    private RelocatingArtifactResolver resolver;

                    @Override
                    public synchronized ArtifactRepository apply(String location) {
                        if (resolver == null) {
                            resolver = RelocatingArtifactResolver.forDirectoryStore(storeRoot, reader);
                        }
                        return resolver.open(location);
                    }
                };
            }
            // MLflow's SQL schema keeps experiment ids in an INTEGER column: 64 bits in SQLite, 32 elsewhere
            long maxId = switch (uri.scheme()) {
                case "postgresql", "mysql", "mariadb" -> Integer.MAX_VALUE;
                case "sqlite" -> Long.MAX_VALUE;
                default -> -1;
            };
            return new MigrationEndpoint(uri.redacted(), store, importer, maintenance, root, artifacts, owned, maxId);
        } catch (RuntimeException e) {
            closeAll(owned, e);
            throw e;
        }
    }

    /** Any store given (for example a REST client's); artifacts are opened by their recorded URIs. */
    public static MigrationEndpoint of(TrackingStore store) {
        requireNonNull(store, "store is null");
        TrackingStore backend = store instanceof ValidatingTrackingStore v ? v.delegate() : store;
        return new MigrationEndpoint(store.toString(), store,
                backend instanceof ImportableTrackingStore i ? i : null, null, null, ArtifactRepositories::open, List.of(), -1);
    }

    /** The same endpoint writing through another importer (e.g. a wrapper that fails on purpose, in tests). */
    public MigrationEndpoint withImporter(ImportableTrackingStore other) {
        return new MigrationEndpoint(display, store, requireNonNull(other, "other is null"), maintenance, directoryRoot,
                artifacts, owned, maxExperimentId);
    }

    /** The same endpoint reading and writing artifacts through {@code opener}. */
    public MigrationEndpoint withArtifacts(Function<String, ArtifactRepository> opener) {
        return new MigrationEndpoint(display, store, importer, maintenance, directoryRoot,
                requireNonNull(opener, "opener is null"), owned, maxExperimentId);
    }

    /**
     * Why this store cannot hold an experiment under {@code id}, or null when it can. SQL stores keep MLflow's
     * numeric experiment_id column (32-bit outside SQLite), which the 18-digit ids of MLflow's directory
     * stores do not fit.
     */
    public String experimentIdProblem(dev.cairn.core.model.ExperimentId id) {
        if (maxExperimentId < 0) {
            return null;
        }
        try {
            long n = Long.parseLong(id.value());
            return n >= 0 && n <= maxExperimentId ? null
                    : "this database's experiment_id column holds ids up to " + maxExperimentId;
        } catch (NumberFormatException e) {
            return "a SQL store's experiment ids are numbers";
        }
    }

    public TrackingStore store() {
        return store;
    }

    /** Null when the store cannot take entities with their ids. */
    public ImportableTrackingStore importer() {
        return importer;
    }

    /** Null when the store cannot be rewritten in place. */
    public StoreMaintenance maintenance() {
        return maintenance;
    }

    /** The root of a directory store; null for other stores. */
    public Path directoryRoot() {
        return directoryRoot;
    }

    /** Opens the artifacts recorded at {@code location} (for directory stores: wherever they are now). */
    public ArtifactRepository artifacts(String location) {
        return artifacts.apply(location);
    }

    @Override
    public String toString() {
        return display;
    }

    @Override
    public void close() {
        closeAll(owned, null);
    }

    private static void closeAll(List<AutoCloseable> resources, RuntimeException primary) {
        RuntimeException failure = primary;
        for (AutoCloseable c : resources) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null && primary == null) {
            throw failure;
        }
    }
}
