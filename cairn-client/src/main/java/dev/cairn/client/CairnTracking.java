package dev.cairn.client;

import static java.util.Objects.requireNonNull;

import dev.cairn.artifacts.ArtifactRepositories;
import dev.cairn.artifacts.MlflowArtifactsRepository;
import dev.cairn.artifacts.RelocatingArtifactResolver;
import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.search.ExperimentSearch;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchParser;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.ResolvedTrackingUri;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tracking client: the same API whether the tracking URI names a server ({@code http(s)://}, spoken to
 * over MLflow's REST API) or a store ({@code file:}, {@code sqlite:}, {@code postgresql:}, {@code mysql:},
 * opened directly). Thread-safe; one instance per process is enough.
 *
 * <h2>Runs</h2>
 * <pre>{@code
 * try (CairnTracking tracking = Cairn.tracking();
 *      ActiveRun run = tracking.startRun("mnist")) {
 *     run.logParam("lr", "0.01");
 *     run.logMetric("loss", 0.3, step);
 * }                                   // FINISHED
 * }</pre>
 * Java cannot tell {@code close()} that the try block threw, so a run closed by try-with-resources ends
 * FINISHED unless {@link ActiveRun#fail(Throwable)} was called (e.g. in a {@code catch}). The lambda forms
 * {@link #run} and {@link #call} do that themselves: an exception escaping the body ends the run FAILED and
 * is rethrown.
 *
 * <h2>Metrics never wait for the store</h2>
 * {@link ActiveRun#logMetric} queues the point (see {@link MetricBuffer}); params, tags and batches are
 * written synchronously so that a conflicting param is reported where it was logged. {@link #close()} and a
 * JVM shutdown hook flush the queue; the hook also ends runs still open as KILLED.
 */
public final class CairnTracking implements AutoCloseable {
    private final ResolvedTrackingUri trackingUri;
    private final ClientConfig config;
    private final TrackingStore store;
    private final boolean remote;
    private final MetricBuffer metrics;
    private final Set<ActiveRun> openRuns = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook;
    private volatile boolean closed;
    private RelocatingArtifactResolver relocations; // directory stores only, built on first artifact access

    private CairnTracking(ResolvedTrackingUri trackingUri, ClientConfig config, TrackingStore store, boolean remote) {
        this.trackingUri = trackingUri;
        this.config = config;
        this.store = store;
        this.remote = remote;
        this.metrics = new MetricBuffer(store, config.queueCapacity(), config.queueOfferTimeout());
        this.shutdownHook = Thread.ofPlatform().name("cairn-shutdown-flush").unstarted(this::onShutdown);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Connects to the server or opens the store the URI names. */
    public static CairnTracking open(ResolvedTrackingUri trackingUri, ClientConfig config) {
        requireNonNull(trackingUri, "trackingUri is null");
        requireNonNull(config, "config is null");
        TrackingUri uri = trackingUri.uri();
        boolean remote = isServer(uri);
        TrackingStore store = remote
                ? new RestTrackingStore(uri.raw(), config)
                : TrackingStores.open(uri, new StoreConfig(null, config.workingDir()));
        return new CairnTracking(trackingUri, config, store, remote);
    }

    static boolean isServer(TrackingUri uri) {
        return uri.scheme().equals("http") || uri.scheme().equals("https");
    }

    /** The tracking URI in use and the rule that chose it. */
    public ResolvedTrackingUri trackingUri() {
        return trackingUri;
    }

    /** True when talking to a tracking server over HTTP. */
    public boolean isRemote() {
        return remote;
    }

    /** The underlying store (REST or direct), for calls this class does not wrap. */
    public TrackingStore store() {
        return store;
    }

    // ------------------------------------------------------------------ experiments

    public ExperimentId createExperiment(String name) {
        return createExperiment(name, null, Map.of());
    }

    public ExperimentId createExperiment(String name, String artifactLocation, Map<String, String> tags) {
        requireNonNull(name, "name is null");
        return store.createExperiment(name, artifactLocation, tags(tags));
    }

    public Optional<Experiment> findExperiment(String name) {
        requireNonNull(name, "name is null");
        return store.getExperimentByName(name);
    }

    public Experiment getExperiment(ExperimentId id) {
        return store.getExperiment(requireNonNull(id, "id is null"));
    }

    /**
     * The active experiment of that name, created if there is none. A deleted one is not silently reused:
     * that is INVALID_STATE, naming how to restore it.
     */
    public Experiment getOrCreateExperiment(String name) {
        requireNonNull(name, "name is null");
        Optional<Experiment> existing = store.getExperimentByName(name);
        if (existing.isEmpty()) {
            try {
                return store.getExperiment(store.createExperiment(name, null, List.of()));
            } catch (CairnException e) {
                if (e.code() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
                    throw e;
                }
                // another process created it meanwhile
                existing = store.getExperimentByName(name);
            }
        }
        Experiment experiment = existing.orElseThrow(() -> CairnException.notFound("Experiment '%s' vanished", name));
        if (experiment.lifecycleStage() == LifecycleStage.DELETED) {
            throw new CairnException(ErrorCode.INVALID_STATE, "Experiment '" + name + "' (id " + experiment.experimentId()
                    + ") is deleted. Restore it (cairn experiments restore " + experiment.experimentId()
                    + ") or use another name.");
        }
        return experiment;
    }

    public Page<Experiment> searchExperiments(ExperimentQuery query) {
        requireNonNull(query, "query is null");
        return store.searchExperiments(new ExperimentSearch(
                SearchParser.parseExperimentFilter(query.filter() == null ? "" : query.filter()),
                query.viewType(), query.maxResults(), SearchParser.parseExperimentOrderBy(query.orderBy()),
                PageToken.parse(query.pageToken())));
    }

    public void renameExperiment(ExperimentId id, String newName) {
        store.renameExperiment(requireNonNull(id, "id is null"), requireNonNull(newName, "newName is null"));
    }

    public void deleteExperiment(ExperimentId id) {
        store.deleteExperiment(requireNonNull(id, "id is null"));
    }

    public void restoreExperiment(ExperimentId id) {
        store.restoreExperiment(requireNonNull(id, "id is null"));
    }

    // ------------------------------------------------------------------ runs

    /** Starts a run in the named experiment, creating the experiment if needed. */
    public ActiveRun startRun(String experimentName) {
        return newRun(experimentName).start();
    }

    public ActiveRun startRun(String experimentName, String runName) {
        return newRun(experimentName).name(runName).start();
    }

    /** A run to configure (name, tags, parent) before {@link RunStarter#start()}. */
    public RunStarter newRun(String experimentName) {
        requireNonNull(experimentName, "experimentName is null");
        return new RunStarter(this, experimentName);
    }

    /** Runs {@code body} in a new run: FINISHED when it returns, FAILED (and rethrown) when it throws. */
    public <E extends Exception> void run(String experimentName, RunAction<E> body) throws E {
        call(experimentName, run -> {
            body.accept(run);
            return null;
        });
    }

    /** As {@link #run}, returning the body's result. */
    public <T, E extends Exception> T call(String experimentName, RunBody<T, E> body) throws E {
        ActiveRun run = startRun(experimentName);
        T result;
        try {
            result = body.apply(run);
        } catch (Throwable t) {
            run.fail(t);
            try {
                run.close();
            } catch (RuntimeException closing) {
                t.addSuppressed(closing);
            }
            throw t;
        }
        run.close();
        return result;
    }

    @FunctionalInterface
    public interface RunAction<E extends Exception> {
        void accept(ActiveRun run) throws E;
    }

    @FunctionalInterface
    public interface RunBody<T, E extends Exception> {
        T apply(ActiveRun run) throws E;
    }

    /** Options of a run about to start. */
    public static final class RunStarter {
        private final CairnTracking tracking;
        private final String experimentName;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private String runName;

        private RunStarter(CairnTracking tracking, String experimentName) {
            this.tracking = tracking;
            this.experimentName = experimentName;
        }

        public RunStarter name(String name) {
            this.runName = name;
            return this;
        }

        public RunStarter tag(String key, String value) {
            tags.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /** Makes this a nested run: MLflow's UI shows it under the parent ({@code mlflow.parentRunId}). */
        public RunStarter parent(RunId parent) {
            return tag(ActiveRun.PARENT_RUN_ID_TAG, requireNonNull(parent, "parent is null").value());
        }

        public ActiveRun start() {
            Experiment experiment = tracking.getOrCreateExperiment(experimentName);
            return tracking.startRun(experiment.experimentId(), runName, tags);
        }
    }

    ActiveRun startRun(ExperimentId experimentId, String runName, Map<String, String> extraTags) {
        checkOpen();
        Map<String, String> tags = new LinkedHashMap<>();
        String user = System.getProperty("user.name", "unknown");
        tags.put("mlflow.user", user);
        tags.put("mlflow.source.type", "LOCAL");
        String source = sourceName();
        if (source != null) {
            tags.put("mlflow.source.name", source);
        }
        tags.putAll(extraTags);
        Run run = store.createRun(new CreateRunRequest(experimentId, user, System.currentTimeMillis(), tags(tags), runName));
        ActiveRun active = new ActiveRun(this, run.info());
        openRuns.add(active);
        return active;
    }

    /** The main class or jar, as MLflow records the entry-point script. */
    private static String sourceName() {
        String command = System.getProperty("sun.java.command");
        if (command == null || command.isBlank()) {
            return null;
        }
        String first = command.trim().split("\\s+")[0];
        return first.length() > 500 ? first.substring(0, 500) : first;
    }

    public Run getRun(RunId id) {
        return store.getRun(requireNonNull(id, "id is null"));
    }

    public Page<Run> searchRuns(RunQuery query) {
        requireNonNull(query, "query is null");
        return store.searchRuns(new RunSearch(query.experimentIds(),
                SearchParser.parseRunFilter(query.filter() == null ? "" : query.filter()), query.viewType(),
                query.maxResults(), SearchParser.parseRunOrderBy(query.orderBy()), PageToken.parse(query.pageToken())));
    }

    /** Every point of a metric, ordered by step, timestamp and value (all pages). */
    public List<Metric> getMetricHistory(RunId id, String key) {
        requireNonNull(id, "id is null");
        requireNonNull(key, "key is null");
        List<Metric> all = new ArrayList<>();
        PageToken token = PageToken.FIRST;
        while (token != null) {
            Page<Metric> page = store.getMetricHistory(id, key, 25_000, token);
            all.addAll(page.items());
            token = page.nextPageToken() == null ? null : PageToken.parse(page.nextPageToken());
        }
        return all;
    }

    public void deleteRun(RunId id) {
        store.deleteRun(requireNonNull(id, "id is null"));
    }

    public void restoreRun(RunId id) {
        store.restoreRun(requireNonNull(id, "id is null"));
    }

    /** Ends a run that this client did not start (e.g. from the command line). */
    public void endRun(RunId id, RunStatus status) {
        requireNonNull(id, "id is null");
        requireNonNull(status, "status is null");
        metrics.flush(config.queueOfferTimeout());
        store.updateRun(id, status, System.currentTimeMillis(), null);
    }

    // ------------------------------------------------------------------ artifacts

    public void logArtifact(RunId id, Path localFile, String artifactDir) {
        requireNonNull(localFile, "localFile is null");
        if (!Files.isRegularFile(localFile)) {
            throw CairnException.invalidParameter("Not a file: %s", localFile.toAbsolutePath());
        }
        try (ArtifactRepository repo = artifacts(id)) {
            repo.logArtifact(localFile, artifactDir);
        }
    }

    public void logArtifacts(RunId id, Path localDir, String artifactDir) {
        requireNonNull(localDir, "localDir is null");
        if (!Files.isDirectory(localDir)) {
            throw CairnException.invalidParameter("Not a directory: %s", localDir.toAbsolutePath());
        }
        try (ArtifactRepository repo = artifacts(id)) {
            repo.logArtifacts(localDir, artifactDir);
        }
    }

    public List<FileInfo> listArtifacts(RunId id, String path) {
        try (ArtifactRepository repo = artifacts(id)) {
            return repo.list(path);
        }
    }

    /**
     * Copies the artifact file or tree at {@code path} to {@code destination/path}, as MLflow's
     * {@code download_artifacts} lays it out (the whole run's artifacts when path is null or empty); returns
     * the local path of what was downloaded.
     */
    public Path downloadArtifacts(RunId id, String path, Path destination) {
        requireNonNull(destination, "destination is null");
        String relative = path == null ? "" : path.replaceAll("^/+|/+$", "");
        try (ArtifactRepository repo = artifacts(id)) {
            if (relative.isEmpty()) {
                repo.download("", destination);
                return destination;
            }
            Path target = destination.resolve(relative).normalize();
            if (!target.startsWith(destination.normalize())) {
                throw CairnException.invalidParameter("Artifact path '%s' leaves the destination directory.", path);
            }
            boolean directory = !repo.list(relative).isEmpty();
            // the repository copies a directory's contents into, and a file next to, the folder it is given
            repo.download(relative, directory ? target : target.getParent());
            if (!directory && !Files.exists(target)) {
                throw CairnException.notFound("No artifact '%s' in run %s.", relative, id);
            }
            return target;
        }
    }

    /** The artifact repository of a run, which the caller closes. */
    public ArtifactRepository artifacts(RunId id) {
        return openArtifactRepository(store.getRun(requireNonNull(id, "id is null")).info().artifactUri());
    }

    /**
     * Where a run's artifacts are: its recorded location, or, for a directory store that was moved since the run
     * was logged, the matching place under the store's current root (see {@link RelocatingArtifactResolver}).
     */
    public String artifactLocation(RunId id) {
        return relocated(store.getRun(requireNonNull(id, "id is null")).info().artifactUri());
    }

    /**
     * A directory store records absolute locations under the root it had when each experiment was created; after
     * the folder is moved or mounted elsewhere they point at nothing, and writing there would scatter a run's
     * artifacts over the old path. Other stores' locations are taken as recorded ({@code cairn doctor} and
     * {@code cairn relocate} deal with those).
     */
    private String relocated(String artifactUri) {
        if (remote || artifactUri == null || !trackingUri.uri().isLocalDirectory()) {
            return artifactUri;
        }
        RelocatingArtifactResolver resolver;
        synchronized (this) {
            if (relocations == null) {
                relocations = RelocatingArtifactResolver.forDirectoryStore(
                        trackingUri.uri().localPath(config.workingDir()), store);
            }
            resolver = relocations;
        }
        return resolver.resolve(artifactUri);
    }

    /**
     * Opens an artifact location natively: {@code mlflow-artifacts:} through this client's server (with its
     * credentials), anything else through the repository its scheme names; relative paths against the
     * working directory; in a moved directory store, at the store's current place.
     */
    public ArtifactRepository openArtifactRepository(String artifactUri) {
        requireNonNull(artifactUri, "artifactUri is null");
        if (artifactUri.regionMatches(true, 0, MlflowArtifactsRepository.SCHEME + ":", 0, MlflowArtifactsRepository.SCHEME.length() + 1)) {
            if (!remote) {
                throw new CairnException(ErrorCode.INVALID_STATE, "Artifact location '" + artifactUri
                        + "' is served by a tracking server, but the tracking URI " + trackingUri.uri()
                        + " names a store: use the server's http(s):// address as tracking URI.");
            }
            return new MlflowArtifactsRepository(artifactUri, config.credentialEnv(trackingUri.uri().raw()));
        }
        TrackingUri uri = TrackingUri.parse(artifactUri);
        if (uri.isLocalDirectory()) {
            String location = relocated(artifactUri);
            return ArtifactRepositories.open(TrackingUri.parse(location).localPath(config.workingDir()).toString());
        }
        return ArtifactRepositories.open(artifactUri);
    }

    // ------------------------------------------------------------------ internals used by ActiveRun

    void queueMetric(RunId id, Metric metric) {
        metrics.add(id, metric);
    }

    void flushMetrics() {
        metrics.flush(config.queueOfferTimeout());
    }

    void forget(ActiveRun run) {
        openRuns.remove(run);
    }

    ClientConfig config() {
        return config;
    }

    private void checkOpen() {
        if (closed) {
            throw new CairnException(ErrorCode.INVALID_STATE, "This tracking client is closed.");
        }
    }

    /** Waits until every metric point logged so far is written; throws what the store refused. */
    public void flush() {
        flushMetrics();
    }

    /** Metric points queued but not yet written. */
    public int pendingMetrics() {
        return metrics.pending();
    }

    private void onShutdown() {
        if (closed) {
            return;
        }
        try {
            metrics.close(config.queueOfferTimeout());
        } catch (RuntimeException e) {
            System.err.println("cairn: could not write all metric points before exit: " + e.getMessage());
        }
        for (ActiveRun run : List.copyOf(openRuns)) {
            try {
                store.updateRun(run.id(), RunStatus.KILLED, System.currentTimeMillis(), null);
            } catch (RuntimeException e) {
                System.err.println("cairn: could not mark run " + run.id() + " KILLED at exit: " + e.getMessage());
            }
        }
        store.close();
        closed = true;
    }

    /**
     * Writes queued metrics and releases the store. Runs still open are left RUNNING (close them first); a
     * failure to write queued points is thrown after everything is released.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; it skips work once closed is set
        }
        try {
            metrics.close(config.queueOfferTimeout());
        } finally {
            store.close();
        }
    }

    private static List<Tag> tags(Map<String, String> tags) {
        List<Tag> out = new ArrayList<>(tags.size());
        tags.forEach((k, v) -> out.add(new Tag(k, v)));
        return out;
    }

    Duration flushTimeout() {
        return config.queueOfferTimeout();
    }
}
