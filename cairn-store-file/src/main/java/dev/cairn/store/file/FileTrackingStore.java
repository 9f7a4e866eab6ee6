package dev.cairn.store.file;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Dataset;
import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.search.ExperimentSearch;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.DeletedRun;
import dev.cairn.core.store.ImportableTrackingStore;
import dev.cairn.core.store.MetricPointSink;
import dev.cairn.core.store.RunBundle;
import dev.cairn.core.store.TrackingStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link TrackingStore} over MLflow's {@code mlruns/} directory layout, so a directory written by
 * MLflow opens here and the other way round:
 * <pre>
 * &lt;root&gt;/&lt;exp_id&gt;/meta.yaml            experiment (artifact_location, creation_time, ...)
 * &lt;root&gt;/&lt;exp_id&gt;/tags/&lt;key&gt;           experiment tags, one file each ('/' in keys: sub-folders)
 * &lt;root&gt;/&lt;exp_id&gt;/datasets/&lt;md5&gt;/meta.yaml
 * &lt;root&gt;/&lt;exp_id&gt;/&lt;run_id&gt;/meta.yaml   run info, status as MLflow's integer enum
 * &lt;root&gt;/&lt;exp_id&gt;/&lt;run_id&gt;/metrics/&lt;key&gt;  lines "timestamp value step"
 * &lt;root&gt;/&lt;exp_id&gt;/&lt;run_id&gt;/params/&lt;key&gt;, tags/&lt;key&gt;, inputs/&lt;md5&gt;/meta.yaml, artifacts/
 * &lt;root&gt;/.trash/&lt;exp_id&gt;/...           deleted experiments
 * </pre>
 *
 * <h2>Several writers</h2>
 * Whole files are replaced atomically (temporary file in the same directory, then rename; temporary
 * names contain '~', which no key may, so listings skip them). Metric points are appended with one
 * write of whole lines on an O_APPEND descriptor, so concurrent appenders never interleave partial
 * lines, and readers ignore a last line without its newline. Read-modify-write sequences (new
 * experiment ids and names, param conflicts, meta.yaml updates) hold a cross-process file lock
 * ({@link StoreLocks}). Other MLflow processes take no locks; what they write is still read correctly.
 *
 * <h2>Search without rereading everything</h2>
 * An in-memory index keeps, per experiment directory, every run's info, latest metrics, params, tags
 * and inputs, validated with cheap stats instead of reads; only what a stat shows changed is reread,
 * and an appended metric file only from where the last read stopped. A stamp taken within 200 ms of
 * the change it records is never trusted ("racy" stamps, see {@link Stamp}), so two changes in one
 * timestamp tick cannot hide. Stats were chosen over a WatchService because they also work on network
 * file systems, need no per-directory watch limits, and cannot lose events on overflow.
 *
 * <p>Stats are then the whole cost of a search, so a search makes only those it needs
 * ({@link SearchPlan}): the experiment directory's stamp says whether runs appeared or vanished; for
 * every run, meta.yaml and the files of the keys its filter and order_by name, one clause at a time,
 * stopping at the first clause the run fails ({@link KeyFileProbe}: one stat of the file, or of its
 * nearest existing folder while it is missing); and only for the runs on the requested page everything
 * else: the stamps of the params/tags/metrics/inputs folders (which change when a file is added,
 * removed or atomically replaced) and of each metric and tag file (which MLflow's writers append to or
 * rewrite in place). Concurrent requests share a check of a run when it started after they arrived,
 * so it has seen every write they must see ({@link RunEntry#refresh}).
 *
 * <p>Corrupt or half-written meta.yaml and metric lines are logged (naming the file) and skipped, never
 * failing a listing.
 */
public final class FileTrackingStore implements TrackingStore, ImportableTrackingStore {
    static final String DEFAULT_EXPERIMENT_NAME = "Default";
    private static final String EXPERIMENTS_LOCK = "experiments";
    private static final int PARALLEL_PAGE = 64;

    private final StoreLayout layout;
    private final String artifactRoot;
    private final StoreLocks locks;
    private final ExperimentDirectory experiments;
    private final ConcurrentHashMap<Path, ExperimentRuns> runsByExperimentDir = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Path> runLocations = new ConcurrentHashMap<>();
    private final boolean wholeRunsForFullPages;

    /**
     * Opens (creating if needed) the store at {@code root}.
     *
     * @param defaultArtifactRoot where experiments without a location keep artifacts; null means the
     *     store directory itself, as MLflow's file store does
     */
    public FileTrackingStore(Path root, String defaultArtifactRoot) {
        this(root, defaultArtifactRoot, true);
    }

    /**
     * @param wholeRunsForFullPages whether a search whose first page has room for every run of its
     *     experiment reads the runs whole at once instead of probing them first (see
     *     {@link #searchRuns}); the answers are the same, and tests turn it off to run the contract
     *     through probing
     */
    FileTrackingStore(Path root, String defaultArtifactRoot, boolean wholeRunsForFullPages) {
        requireNonNull(root, "root is null");
        this.wholeRunsForFullPages = wholeRunsForFullPages;
        Path absolute = root.toAbsolutePath().normalize();
        this.layout = new StoreLayout(absolute);
        this.artifactRoot = stripTrailingSlash(defaultArtifactRoot == null ? fileUri(absolute) : defaultArtifactRoot);
        try {
            Files.createDirectories(layout.trash());
        } catch (IOException e) {
            throw StoreFiles.ioFailure("create", layout.trash(), e);
        }
        this.locks = StoreLocks.forRoot(absolute);
        this.experiments = new ExperimentDirectory(layout);
        locks.locked(EXPERIMENTS_LOCK, () -> {
            if (Stamp.of(layout.activeExperimentDir(ExperimentId.DEFAULT)) == null
                    && Stamp.of(layout.deletedExperimentDir(ExperimentId.DEFAULT)) == null) {
                long now = System.currentTimeMillis();
                writeNewExperiment(new Experiment(ExperimentId.DEFAULT, DEFAULT_EXPERIMENT_NAME,
                        artifactRoot + "/" + ExperimentId.DEFAULT.value(), LifecycleStage.ACTIVE, now, now, List.of()));
            }
        });
    }

    /** The store's root directory. */
    public Path root() {
        return layout.root();
    }

    // ---------------------------------------------------------------- experiments

    @Override
    public ExperimentId createExperiment(String name, String artifactLocation, List<Tag> tags) {
        requireNonNull(name, "name is null");
        requireNonNull(tags, "tags is null");
        return locks.locked(EXPERIMENTS_LOCK, () -> {
            checkNameFree(name);
            ExperimentId id = newExperimentId();
            long now = System.currentTimeMillis();
            String location = artifactLocation == null || artifactLocation.isBlank()
                    ? artifactRoot + "/" + id.value()
                    : resolveLocation(artifactLocation);
            writeNewExperiment(new Experiment(id, name, location, LifecycleStage.ACTIVE, now, now, tags));
            return id;
        });
    }

    @Override
    public Experiment getExperiment(ExperimentId id) {
        requireNonNull(id, "id is null");
        return locate(id).experiment();
    }

    @Override
    public Optional<Experiment> getExperimentByName(String name) {
        requireNonNull(name, "name is null");
        return experiments.all().stream()
                .map(ExperimentDirectory.Located::experiment)
                .filter(e -> e.name().equals(name))
                .min(Comparator.comparing((Experiment e) -> e.lifecycleStage() != LifecycleStage.ACTIVE));
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentSearch search) {
        requireNonNull(search, "search is null");
        java.util.function.Predicate<Experiment> filter = SearchSupport.experimentFilter(search.filter());
        java.util.Comparator<Experiment> order = SearchSupport.experimentOrdering(search.orderBy());
        List<Experiment> matching = new ArrayList<>();
        for (ExperimentDirectory.Located located : experiments.all()) {
            Experiment e = located.experiment();
            if (search.viewType().includes(e.lifecycleStage()) && filter.test(e)) {
                matching.add(e);
            }
        }
        matching.sort(order);
        return page(matching, search.pageToken(), search.maxResults());
    }

    @Override
    public void renameExperiment(ExperimentId id, String newName) {
        requireNonNull(id, "id is null");
        requireNonNull(newName, "newName is null");
        locks.locked(EXPERIMENTS_LOCK, () -> {
            ExperimentDirectory.Located located = locate(id);
            requireActive(located.experiment(), "rename");
            if (located.experiment().name().equals(newName)) {
                return;
            }
            checkNameFree(newName);
            Experiment e = located.experiment();
            writeExperimentMeta(located.dir(), new Experiment(e.experimentId(), newName, e.artifactLocation(),
                    e.lifecycleStage(), e.creationTime(), System.currentTimeMillis(), e.tags()));
        });
    }

    @Override
    public void deleteExperiment(ExperimentId id) {
        requireNonNull(id, "id is null");
        locks.locked(EXPERIMENTS_LOCK, () -> {
            ExperimentDirectory.Located located = locate(id);
            Experiment e = located.experiment();
            if (e.lifecycleStage() == LifecycleStage.DELETED) {
                throw CairnException.invalidParameter("Experiment '%s' is already deleted.", id);
            }
            long now = System.currentTimeMillis();
            for (Run run : runs(located.dir())) {
                if (run.info().lifecycleStage() == LifecycleStage.ACTIVE) {
                    rewriteRunMeta(located.dir(), run.info().runId(), LifecycleStage.DELETED, now);
                }
            }
            writeExperimentMeta(located.dir(), withStage(e, LifecycleStage.DELETED, now));
            moveExperiment(located.dir(), layout.deletedExperimentDir(id));
        });
    }

    @Override
    public void restoreExperiment(ExperimentId id) {
        requireNonNull(id, "id is null");
        locks.locked(EXPERIMENTS_LOCK, () -> {
            ExperimentDirectory.Located located = locate(id);
            Experiment e = located.experiment();
            if (e.lifecycleStage() == LifecycleStage.ACTIVE) {
                throw CairnException.invalidParameter("Cannot restore an active experiment '%s'.", id);
            }
            Path active = layout.activeExperimentDir(id);
            moveExperiment(located.dir(), active);
            long deletedAt = e.lastUpdateTime();
            for (Run run : runs(active)) {
                MetaYaml.RunMeta meta = readRunMetaFresh(active, run.info().runId());
                // Runs deleted together with the experiment carry its deletion time; runs deleted before stay deleted.
                if (meta.info().lifecycleStage() == LifecycleStage.DELETED
                        && (meta.deletedTime() == null || meta.deletedTime() == deletedAt)) {
                    rewriteRunMeta(active, run.info().runId(), LifecycleStage.ACTIVE, null);
                }
            }
            writeExperimentMeta(active, withStage(e, LifecycleStage.ACTIVE, System.currentTimeMillis()));
        });
    }

    @Override
    public void setExperimentTag(ExperimentId id, Tag tag) {
        requireNonNull(id, "id is null");
        requireNonNull(tag, "tag is null");
        ExperimentDirectory.Located located = locate(id);
        requireActive(located.experiment(), "set tags on");
        Path tags = located.dir().resolve(StoreLayout.TAGS);
        StoreFiles.writeAtomically(layout.keyFile(tags, tag.key()), tag.value());
        experiments.invalidate(located.dir());
    }

    @Override
    public void deleteExperimentTag(ExperimentId id, String key) {
        requireNonNull(id, "id is null");
        requireNonNull(key, "key is null");
        ExperimentDirectory.Located located = locate(id);
        requireActive(located.experiment(), "delete tags of");
        Path file = layout.keyFile(located.dir().resolve(StoreLayout.TAGS), key);
        deleteKeyFile(file, () -> CairnException.notFound("No tag with name: %s in experiment with id %s", key, id));
        experiments.invalidate(located.dir());
    }

    // ---------------------------------------------------------------- runs

    @Override
    public Run createRun(CreateRunRequest request) {
        requireNonNull(request, "request is null");
        ExperimentDirectory.Located located = locate(request.experimentId());
        if (located.experiment().lifecycleStage() != LifecycleStage.ACTIVE) {
            throw CairnException.invalidParameter(
                    "Could not create run under non-active experiment with ID %s.", request.experimentId());
        }
        String nameTag = null;
        for (Tag t : request.tags()) {
            if (t.key().equals(RunEntry.RUN_NAME_TAG)) {
                nameTag = t.value();
            }
        }
        if (request.runName() != null && nameTag != null && !request.runName().equals(nameTag)) {
            throw CairnException.invalidParameter(
                    "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values"
                            + " (run_name='%s', mlflow.runName='%s').", request.runName(), nameTag);
        }
        String runName = request.runName() != null ? request.runName() : nameTag != null ? nameTag : RunNames.random();
        List<Tag> tags = new ArrayList<>(request.tags());
        if (nameTag == null) {
            tags.add(new Tag(RunEntry.RUN_NAME_TAG, runName));
        }
        RunId runId = RunId.random();
        RunInfo info = new RunInfo(runId, request.experimentId(), runName, request.userId() == null ? "" : request.userId(),
                RunStatus.RUNNING, request.startTime(), null,
                located.experiment().artifactLocation() + "/" + runId.value() + "/" + StoreLayout.ARTIFACTS,
                LifecycleStage.ACTIVE);
        writeNewRun(located.dir(), new RunBundle(info, List.of(), tags, List.of(), List.of()), null);
        return getRun(runId);
    }

    @Override
    public Run getRun(RunId id) {
        requireNonNull(id, "id is null");
        Path experimentDir = locateRun(id);
        Run run = runsOf(experimentDir).run(id);
        if (run == null) {
            throw invalidState(id, experimentDir);
        }
        return run;
    }

    @Override
    public RunInfo updateRun(RunId id, RunStatus status, Long endTime, String runName) {
        requireNonNull(id, "id is null");
        Path experimentDir = locateRun(id);
        return locks.locked(runLock(id), () -> {
            MetaYaml.RunMeta meta = readRunMetaFresh(experimentDir, id);
            RunInfo old = meta.info();
            requireActive(old);
            RunInfo updated = new RunInfo(old.runId(), old.experimentId(),
                    runName != null ? runName : old.runName(), old.userId(),
                    status != null ? status : old.status(), old.startTime(),
                    endTime != null ? endTime : old.endTime(), old.artifactUri(), old.lifecycleStage());
            if (runName != null) {
                Path tags = StoreLayout.runDir(experimentDir, id).resolve(StoreLayout.TAGS);
                StoreFiles.writeAtomically(layout.keyFile(tags, RunEntry.RUN_NAME_TAG), runName);
            }
            writeRunMeta(experimentDir, updated, meta.deletedTime());
            if (updated.runName() == null) {
                return getRun(id).info();
            }
            return updated;
        });
    }

    @Override
    public void deleteRun(RunId id) {
        requireNonNull(id, "id is null");
        Path experimentDir = locateRun(id);
        locks.locked(runLock(id), () -> rewriteRunMeta(experimentDir, id, LifecycleStage.DELETED, System.currentTimeMillis()));
    }

    @Override
    public void restoreRun(RunId id) {
        requireNonNull(id, "id is null");
        Path experimentDir = locateRun(id);
        locks.locked(runLock(id), () -> rewriteRunMeta(experimentDir, id, LifecycleStage.ACTIVE, null));
    }

    @Override
    public void logBatch(RunId id, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        requireNonNull(id, "id is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(params, "params is null");
        requireNonNull(tags, "tags is null");
        Path experimentDir = locateRun(id);
        Path runDir = StoreLayout.runDir(experimentDir, id);
        locks.locked(runLock(id), () -> {
            MetaYaml.RunMeta meta = readRunMetaFresh(experimentDir, id);
            requireActive(meta.info());
            // Every check comes before the first write, so a refused batch leaves nothing behind.
            Map<String, String> newParams = new LinkedHashMap<>();
            Path paramsDir = runDir.resolve(StoreLayout.PARAMS);
            for (Param p : params) {
                String inBatch = newParams.get(p.key());
                if (inBatch != null && !inBatch.equals(p.value())) {
                    throw CairnException.invalidParameter(
                            "Duplicate parameter keys have been submitted: [%s]. Please ensure the request contains"
                                    + " only one param value per param key.", p.key());
                }
                String existing = StoreFiles.readText(layout.keyFile(paramsDir, p.key()));
                if (existing != null && !existing.equals(p.value())) {
                    throw CairnException.invalidParameter(
                            "Changing param values is not allowed. Param with key='%s' was already logged with"
                                    + " value='%s' for run ID='%s'. Attempted logging new value '%s'.",
                            p.key(), existing, id, p.value());
                }
                if (existing == null) {
                    newParams.put(p.key(), p.value());
                }
            }
            Map<Path, StringBuilder> lines = new LinkedHashMap<>();
            Path metricsDir = runDir.resolve(StoreLayout.METRICS);
            for (Metric m : metrics) {
                lines.computeIfAbsent(layout.keyFile(metricsDir, m.key()), k -> new StringBuilder()).append(MetricLines.format(m));
            }
            Path tagsDir = runDir.resolve(StoreLayout.TAGS);
            Map<Path, String> tagFiles = new LinkedHashMap<>();
            String newName = null;
            for (Tag t : tags) {
                tagFiles.put(layout.keyFile(tagsDir, t.key()), t.value());
                if (t.key().equals(RunEntry.RUN_NAME_TAG)) {
                    newName = t.value();
                }
            }
            newParams.forEach((k, v) -> StoreFiles.writeAtomically(layout.keyFile(paramsDir, k), v));
            lines.forEach((file, text) -> StoreFiles.appendLines(file, text.toString().getBytes(StandardCharsets.UTF_8)));
            tagFiles.forEach(StoreFiles::writeAtomically);
            if (newName != null && !newName.equals(meta.info().runName())) {
                RunInfo i = meta.info();
                writeRunMeta(experimentDir, new RunInfo(i.runId(), i.experimentId(), newName, i.userId(), i.status(),
                        i.startTime(), i.endTime(), i.artifactUri(), i.lifecycleStage()), meta.deletedTime());
            }
        });
        runsOf(experimentDir).invalidate(id);
    }

    @Override
    public void deleteTag(RunId id, String key) {
        requireNonNull(id, "id is null");
        requireNonNull(key, "key is null");
        Path experimentDir = locateRun(id);
        locks.locked(runLock(id), () -> {
            requireActive(readRunMetaFresh(experimentDir, id).info());
            Path file = layout.keyFile(StoreLayout.runDir(experimentDir, id).resolve(StoreLayout.TAGS), key);
            deleteKeyFile(file, () -> CairnException.notFound("No tag with name: %s in run with id %s", key, id));
        });
        runsOf(experimentDir).invalidate(id);
    }

    @Override
    public void logInputs(RunId id, List<DatasetInput> inputs) {
        requireNonNull(id, "id is null");
        requireNonNull(inputs, "inputs is null");
        Path experimentDir = locateRun(id);
        locks.locked(runLock(id), () -> {
            requireActive(readRunMetaFresh(experimentDir, id).info());
            writeInputs(experimentDir, StoreLayout.runDir(experimentDir, id), id, inputs);
        });
        runsOf(experimentDir).invalidate(id);
    }

    /**
     * Filters and orders every run by what the search names ({@link SearchPlan}: meta.yaml and the named
     * key files), then reads the rest only of the runs on the requested page. A run changed by another
     * process between the two steps is returned as it is now, and left out if it no longer matches, so
     * every run returned satisfies the filter as returned. A first page with room for every run of the
     * experiment (the web UI asks for thousands) reads them whole at once, as probing would only add
     * stats.
     */
    @Override
    public Page<Run> searchRuns(RunSearch search) {
        requireNonNull(search, "search is null");
        long since = System.nanoTime();
        SearchPlan plan = SearchPlan.of(search);
        List<ExperimentRuns.Candidate> matching = new ArrayList<>();
        for (ExperimentId experimentId : search.experimentIds()) {
            ExperimentDirectory.Located located = experiments.find(experimentId);
            if (located != null) {
                // A first page with room for every run of the experiment returns every match whole anyway.
                boolean fullPage = wholeRunsForFullPages && search.pageToken().offset() == 0 && search.experimentIds().size() == 1;
                int wholeUpTo = fullPage ? search.maxResults() : -1;
                matching.addAll(runsOf(located.dir()).candidates(plan, since, wholeUpTo));
            }
        }
        matching.sort(Comparator.comparing(ExperimentRuns.Candidate::run, plan.order()));
        Page<ExperimentRuns.Candidate> page = page(matching, search.pageToken(), search.maxResults());
        // Reading a run whole is a score of stats, which the kernel answers in parallel: big pages use the cores.
        java.util.stream.Stream<ExperimentRuns.Candidate> onPage =
                page.items().size() >= PARALLEL_PAGE ? page.items().parallelStream() : page.items().stream();
        List<Run> runs = onPage.map(candidate -> candidate.whole(since))
                .filter(whole -> whole != null && plan.matches(whole))
                .toList();
        return new Page<>(runs, page.nextPageToken());
    }

    @Override
    public Page<Metric> getMetricHistory(RunId id, String metricKey, int maxResults, PageToken pageToken) {
        requireNonNull(id, "id is null");
        requireNonNull(metricKey, "metricKey is null");
        requireNonNull(pageToken, "pageToken is null");
        Path experimentDir = locateRun(id);
        Path file = layout.keyFile(StoreLayout.runDir(experimentDir, id).resolve(StoreLayout.METRICS), metricKey);
        return page(MetricLines.history(file, metricKey), pageToken, maxResults);
    }

    /**
     * Parses the metric file once (getMetricHistory's pages each parse it whole) into columns, not records.
     * The file is in logging order, so reading from a step still parses all of it.
     */
    @Override
    public long streamMetricHistory(RunId id, String metricKey, long fromStep, MetricPointSink sink) {
        requireNonNull(id, "id is null");
        requireNonNull(metricKey, "metricKey is null");
        requireNonNull(sink, "sink is null");
        Path experimentDir = locateRun(id);
        Path file = layout.keyFile(StoreLayout.runDir(experimentDir, id).resolve(StoreLayout.METRICS), metricKey);
        return MetricLines.stream(file, metricKey, fromStep, sink);
    }

    // ---------------------------------------------------------------- permanent deletion (cairn gc)

    /** Reads the deletion time from each deleted run's meta.yaml ({@code deleted_time}, as MLflow writes it). */
    @Override
    public List<DeletedRun> deletedRuns(Instant deletedBefore) {
        requireNonNull(deletedBefore, "deletedBefore is null");
        long cutoff = deletedBefore.toEpochMilli();
        List<DeletedRun> out = new ArrayList<>();
        for (ExperimentDirectory.Located located : experiments.all()) {
            for (Run run : runs(located.dir())) {
                if (run.info().lifecycleStage() != LifecycleStage.DELETED) {
                    continue;
                }
                Long deletedTime = readRunMetaFresh(located.dir(), run.info().runId()).deletedTime();
                if (deletedTime == null || deletedTime <= cutoff) {
                    out.add(new DeletedRun(run.info(), deletedTime));
                }
            }
        }
        out.sort(Comparator.comparing((DeletedRun r) -> r.deletedTime() == null ? Long.MIN_VALUE : r.deletedTime())
                .thenComparing(r -> r.info().runId().value()));
        return out;
    }

    @Override
    public List<Experiment> deletedExperiments(Instant deletedBefore) {
        requireNonNull(deletedBefore, "deletedBefore is null");
        long cutoff = deletedBefore.toEpochMilli();
        return experiments.all().stream()
                .map(ExperimentDirectory.Located::experiment)
                .filter(e -> e.lifecycleStage() == LifecycleStage.DELETED && e.lastUpdateTime() <= cutoff)
                .sorted(Comparator.comparingLong(Experiment::lastUpdateTime).thenComparing(e -> e.experimentId().value()))
                .toList();
    }

    /** Removes the run's folder (which also holds the artifacts of a run under the default location). */
    @Override
    public void purgeRun(RunId id) {
        requireNonNull(id, "id is null");
        Path experimentDir = locateRun(id);
        locks.locked(runLock(id), () -> {
            RunInfo info = readRunMetaFresh(experimentDir, id).info();
            if (info.lifecycleStage() != LifecycleStage.DELETED && !inDeletedExperiment(experimentDir)) {
                throw CairnException.invalidParameter("Run %s is not deleted (its stage is %s): only deleted runs can be"
                        + " removed for good.", id, info.lifecycleStage().wireName());
            }
            if (!StoreFiles.removeTree(StoreLayout.runDir(experimentDir, id))) {
                throw CairnException.notFound("Run '%s' not found", id);
            }
        });
        runLocations.remove(id.value());
        runsOf(experimentDir).forget(id);
    }

    /** Removes the experiment's folder from the trash, with every run in it. */
    @Override
    public void purgeExperiment(ExperimentId id) {
        requireNonNull(id, "id is null");
        locks.locked(EXPERIMENTS_LOCK, () -> {
            ExperimentDirectory.Located located = locate(id);
            if (located.experiment().lifecycleStage() != LifecycleStage.DELETED) {
                throw CairnException.invalidParameter("Experiment %s is not deleted (its stage is %s): only deleted"
                        + " experiments can be removed for good.", id, located.experiment().lifecycleStage().wireName());
            }
            if (!StoreFiles.removeTree(located.dir())) {
                throw CairnException.notFound("Could not find experiment with ID %s", id);
            }
            experiments.invalidate(located.dir());
            runsByExperimentDir.remove(located.dir());
            runLocations.values().removeIf(located.dir()::equals);
        });
    }

    private boolean inDeletedExperiment(Path experimentDir) {
        ExperimentDirectory.Located located = experiments.find(ExperimentId.of(experimentDir.getFileName().toString()));
        return located != null && located.dir().equals(experimentDir)
                && located.experiment().lifecycleStage() == LifecycleStage.DELETED;
    }

    // ---------------------------------------------------------------- import (cairn migrate)

    /** Creates the experiment with its own id; the directory appears whole (built aside, then renamed). */
    @Override
    public void importExperiment(Experiment experiment) {
        requireNonNull(experiment, "experiment is null");
        locks.locked(EXPERIMENTS_LOCK, () -> {
            if (Stamp.of(layout.activeExperimentDir(experiment.experimentId())) != null
                    || Stamp.of(layout.deletedExperimentDir(experiment.experimentId())) != null) {
                throw CairnException.alreadyExists("Experiment with id %s already exists.", experiment.experimentId());
            }
            checkNameFree(experiment.name());
            writeNewExperiment(experiment);
        });
    }

    /** Creates the run with its own id and whole metric history; the directory appears whole. */
    @Override
    public void importRun(RunBundle run) {
        importRun(run, null);
    }

    /**
     * Like {@link #importRun(RunBundle)}, with the run's artifacts already laid out in {@code stagedArtifacts} (a
     * directory on the same file system, e.g. beside the run folder; null for none). It is moved into the run folder
     * before that folder appears, so a migration killed at any point never leaves a run visible without its artifacts.
     */
    public void importRun(RunBundle run, Path stagedArtifacts) {
        requireNonNull(run, "run is null");
        ExperimentDirectory.Located located = locate(run.info().experimentId());
        locks.locked(runLock(run.info().runId()), () -> {
            if (findRun(run.info().runId()) != null) {
                throw CairnException.alreadyExists("Run with id %s already exists.", run.info().runId());
            }
            // A deleted run in a deleted experiment counts as deleted with it, so restoring the experiment restores it.
            Experiment e = located.experiment();
            Long deletedTime = run.info().lifecycleStage() != LifecycleStage.DELETED ? null
                    : e.lifecycleStage() == LifecycleStage.DELETED ? Long.valueOf(e.lastUpdateTime()) : Long.valueOf(System.currentTimeMillis());
            writeNewRun(located.dir(), run, deletedTime, stagedArtifacts);
        });
    }

    @Override
    public void close() {
        // Nothing to release: files are opened per operation and the lock channel is shared per root.
    }

    // ---------------------------------------------------------------- helpers

    private ExperimentDirectory.Located locate(ExperimentId id) {
        ExperimentDirectory.Located located = experiments.find(id);
        if (located == null) {
            throw CairnException.notFound("Could not find experiment with ID %s", id);
        }
        return located;
    }

    private void checkNameFree(String name) {
        Optional<Experiment> existing = getExperimentByName(name);
        if (existing.isPresent()) {
            if (existing.get().lifecycleStage() == LifecycleStage.DELETED) {
                throw CairnException.alreadyExists(
                        "Experiment '%s' already exists in deleted state. You can restore the experiment, or permanently"
                                + " delete it from the .trash folder under %s to use this name again.", name, layout.root());
            }
            throw CairnException.alreadyExists("Experiment '%s' already exists.", name);
        }
    }

    /** New ids as MLflow's file store makes them: random 18-digit decimal numbers, unused in root and trash. */
    private ExperimentId newExperimentId() {
        while (true) {
            long n = ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 1_000_000_000_000_000_000L);
            ExperimentId id = ExperimentId.of(Long.toString(n));
            if (Stamp.of(layout.activeExperimentDir(id)) == null && Stamp.of(layout.deletedExperimentDir(id)) == null) {
                return id;
            }
        }
    }

    private String resolveLocation(String location) {
        if (location.matches("^[A-Za-z][A-Za-z0-9+.\\-]*:.*") && !location.matches("^[A-Za-z]:[\\\\/].*")) {
            return stripTrailingSlash(location);
        }
        return fileUri(Path.of(location).toAbsolutePath().normalize());
    }

    /** Builds the experiment in a temporary directory and renames it into place, so no reader sees it half made. */
    private void writeNewExperiment(Experiment e) {
        Path target = layout.activeExperimentDir(e.experimentId());
        Path tmp = target.resolveSibling(target.getFileName() + "~" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Path tagsDir = tmp.resolve(StoreLayout.TAGS);
        for (Tag t : e.tags()) {
            StoreFiles.writeAtomically(layout.keyFile(tagsDir, t.key()), t.value());
        }
        StoreFiles.writeAtomically(tmp.resolve(StoreLayout.META), MetaYaml.experimentYaml(e));
        Path destination = e.lifecycleStage() == LifecycleStage.DELETED ? layout.deletedExperimentDir(e.experimentId()) : target;
        moveDirectory(tmp, destination);
        experiments.invalidate(destination);
    }

    private void writeExperimentMeta(Path dir, Experiment e) {
        StoreFiles.writeAtomically(dir.resolve(StoreLayout.META), MetaYaml.experimentYaml(e));
        experiments.invalidate(dir);
    }

    private static Experiment withStage(Experiment e, LifecycleStage stage, long now) {
        return new Experiment(e.experimentId(), e.name(), e.artifactLocation(), stage, e.creationTime(), now, e.tags());
    }

    private void moveExperiment(Path from, Path to) {
        moveDirectory(from, to);
        experiments.invalidate(from);
        experiments.invalidate(to);
        runsByExperimentDir.remove(from);
        runLocations.values().removeIf(from::equals);
    }

    private static void moveDirectory(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CairnException(ErrorCode.RESOURCE_ALREADY_EXISTS,
                    "Cannot move " + from + " to " + to + ": the target already exists. Remove or rename it first.");
        } catch (IOException e) {
            throw StoreFiles.ioFailure("move " + from + " to", to, e);
        }
    }

    /** Builds the run in a temporary directory next to where it belongs, then renames it into place. */
    private void writeNewRun(Path experimentDir, RunBundle bundle, Long deletedTime) {
        writeNewRun(experimentDir, bundle, deletedTime, null);
    }

    private void writeNewRun(Path experimentDir, RunBundle bundle, Long deletedTime, Path stagedArtifacts) {
        RunId id = bundle.info().runId();
        Path target = StoreLayout.runDir(experimentDir, id);
        Path tmp = experimentDir.resolve(id.value() + "~" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectories(tmp.resolve(StoreLayout.METRICS));
            Files.createDirectories(tmp.resolve(StoreLayout.PARAMS));
            if (stagedArtifacts != null) {
                Files.move(stagedArtifacts, tmp.resolve(StoreLayout.ARTIFACTS), StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.createDirectories(tmp.resolve(StoreLayout.ARTIFACTS));
            }
        } catch (IOException e) {
            throw StoreFiles.ioFailure("create", tmp, e);
        }
        for (Tag t : bundle.tags()) {
            StoreFiles.writeAtomically(layout.keyFile(tmp.resolve(StoreLayout.TAGS), t.key()), t.value());
        }
        for (Param p : bundle.params()) {
            StoreFiles.writeAtomically(layout.keyFile(tmp.resolve(StoreLayout.PARAMS), p.key()), p.value());
        }
        Map<Path, StringBuilder> lines = new LinkedHashMap<>();
        for (Metric m : bundle.metricHistory()) {
            lines.computeIfAbsent(layout.keyFile(tmp.resolve(StoreLayout.METRICS), m.key()), k -> new StringBuilder())
                    .append(MetricLines.format(m));
        }
        lines.forEach((file, text) -> StoreFiles.appendLines(file, text.toString().getBytes(StandardCharsets.UTF_8)));
        if (!bundle.inputs().isEmpty()) {
            writeInputs(experimentDir, tmp, id, bundle.inputs());
        }
        StoreFiles.writeAtomically(tmp.resolve(StoreLayout.META), MetaYaml.runYaml(bundle.info(), deletedTime));
        moveDirectory(tmp, target);
        runLocations.put(id.value(), experimentDir);
    }

    private void writeInputs(Path experimentDir, Path runDir, RunId runId, List<DatasetInput> inputs) {
        for (DatasetInput input : inputs) {
            Dataset d = input.dataset();
            String datasetId = md5Hex(d.name(), d.digest());
            Path datasetMeta = experimentDir.resolve(StoreLayout.DATASETS).resolve(datasetId).resolve(StoreLayout.META);
            if (Stamp.of(datasetMeta) == null) {
                StoreFiles.writeAtomically(datasetMeta, MetaYaml.datasetYaml(d));
            }
            Path inputMeta = runDir.resolve(StoreLayout.INPUTS).resolve(md5Hex(datasetId, runId.value())).resolve(StoreLayout.META);
            if (Stamp.of(inputMeta) == null) {
                StoreFiles.writeAtomically(inputMeta, MetaYaml.inputYaml(datasetId, runId, input.tags()));
            }
        }
    }

    /** MLflow's dataset and input ids: md5 over the concatenated UTF-8 parts, in hex. */
    static String md5Hex(String first, String second) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(first.getBytes(StandardCharsets.UTF_8));
            md5.update(second.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }

    private List<Run> runs(Path experimentDir) {
        return runsOf(experimentDir).runs();
    }

    private ExperimentRuns runsOf(Path experimentDir) {
        return runsByExperimentDir.computeIfAbsent(experimentDir, ExperimentRuns::new);
    }

    /** The experiment directory holding the run (active or in the trash). */
    private Path locateRun(RunId id) {
        StoreLayout.checkedRunId(id);
        Path known = runLocations.get(id.value());
        if (known != null && Stamp.of(StoreLayout.runDir(known, id)) != null) {
            return known;
        }
        Path found = findRun(id);
        if (found == null) {
            runLocations.remove(id.value());
            throw CairnException.notFound("Run '%s' not found", id);
        }
        runLocations.put(id.value(), found);
        return found;
    }

    private Path findRun(RunId id) {
        if (StoreLayout.RESERVED_EXPERIMENT_FOLDERS.contains(id.value())) {
            return null;
        }
        for (Path parent : List.of(layout.root(), layout.trash())) {
            for (Path experimentDir : StoreFiles.subdirectories(parent)) {
                String name = experimentDir.getFileName().toString();
                if (parent.equals(layout.root()) && (StoreLayout.RESERVED_ROOT_FOLDERS.contains(name) || name.startsWith("."))) {
                    continue;
                }
                if (Stamp.of(experimentDir.resolve(id.value()).resolve(StoreLayout.META)) != null) {
                    return experimentDir;
                }
            }
        }
        return null;
    }

    private MetaYaml.RunMeta readRunMetaFresh(Path experimentDir, RunId id) {
        Path file = StoreLayout.runDir(experimentDir, id).resolve(StoreLayout.META);
        try {
            return MetaYaml.readRun(file);
        } catch (RuntimeException e) {
            throw invalidState(id, experimentDir);
        }
    }

    private void rewriteRunMeta(Path experimentDir, RunId id, LifecycleStage stage, Long deletedTime) {
        locks.locked(runLock(id), () -> {
            RunInfo i = readRunMetaFresh(experimentDir, id).info();
            writeRunMeta(experimentDir, new RunInfo(i.runId(), i.experimentId(), i.runName(), i.userId(), i.status(),
                    i.startTime(), i.endTime(), i.artifactUri(), stage), deletedTime);
        });
    }

    private void writeRunMeta(Path experimentDir, RunInfo info, Long deletedTime) {
        StoreFiles.writeAtomically(StoreLayout.runDir(experimentDir, info.runId()).resolve(StoreLayout.META),
                MetaYaml.runYaml(info, deletedTime));
        runsOf(experimentDir).invalidate(info.runId());
    }

    private static void deleteKeyFile(Path file, java.util.function.Supplier<CairnException> missing) {
        try {
            if (!Files.deleteIfExists(file)) {
                throw missing.get();
            }
        } catch (IOException e) {
            throw StoreFiles.ioFailure("delete", file, e);
        }
    }

    private static String runLock(RunId id) {
        return "run:" + id.value();
    }

    private static void requireActive(RunInfo info) {
        if (info.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw CairnException.invalidParameter(
                    "The run %s must be in the 'active' state. Current state is %s.", info.runId(), info.lifecycleStage().wireName());
        }
    }

    private static void requireActive(Experiment e, String action) {
        if (e.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw CairnException.invalidParameter(
                    "Cannot %s experiment %s in non-active lifecycle stage. Current stage: %s",
                    action, e.experimentId(), e.lifecycleStage().wireName());
        }
    }

    private static CairnException invalidState(RunId id, Path experimentDir) {
        return new CairnException(ErrorCode.INVALID_STATE, "Run '" + id + "' metadata is in invalid state: "
                + StoreLayout.runDir(experimentDir, id).resolve(StoreLayout.META) + " is missing or unreadable.");
    }

    private static <T> Page<T> page(List<T> all, PageToken token, int maxResults) {
        int from = Math.min(token.offset(), all.size());
        int to = (int) Math.min((long) from + maxResults, all.size());
        String next = to < all.size() ? token.next(to - from).encode() : null;
        return new Page<>(all.subList(from, to), next);
    }

    static String fileUri(Path path) {
        String uri = URI.create("file://" + path.toUri().getRawPath()).toString();
        return stripTrailingSlash(uri);
    }

    private static String stripTrailingSlash(String s) {
        return s.length() > 1 && s.endsWith("/") && !s.endsWith(":/") && !s.endsWith("://") ? s.substring(0, s.length() - 1) : s;
    }
}
