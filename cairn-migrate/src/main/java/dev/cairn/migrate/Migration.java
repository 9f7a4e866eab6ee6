package dev.cairn.migrate;

import static java.util.Objects.requireNonNull;

import dev.cairn.artifacts.LocalArtifactRepository;
import dev.cairn.artifacts.RelocatingArtifactResolver;
import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchFilter;
import dev.cairn.core.search.SearchParser;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.migrate.MigrationPlan.Action;
import dev.cairn.migrate.MigrationPlan.ExperimentStep;
import dev.cairn.migrate.MigrationPlan.RunStep;
import dev.cairn.store.file.FileTrackingStore;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Copies experiments and runs, with their ids, from any store Cairn reads to any store it writes, and their
 * artifacts from wherever they are to where they belong next.
 *
 * <p>Three phases:
 * <ol>
 *   <li><b>Plan</b>: every selected source entity is looked up in the target. Missing ones are to be created;
 *       identical ones (a rerun after an interruption) are skipped; an id the target uses for something
 *       different is a conflict, and any conflict stops the migration before anything is written.
 *   <li><b>Copy</b>: experiments, then runs one at a time. A run is imported atomically
 *       ({@link dev.cairn.core.store.ImportableTrackingStore}) and only after its artifacts are in place, so an
 *       interrupted migration never leaves a run that looks complete but is not; a rerun skips what is done.
 *       Into a directory store the artifacts are staged beside the run folder and the store moves them into the
 *       run folder before that folder appears.
 *   <li><b>Verify</b>: the source is read again and compared with the target entity by entity (counts and
 *       SHA-256 checksums of info, params, tags, inputs, every metric point and every artifact byte), so a
 *       source that changed during the copy shows up as a difference.
 * </ol>
 */
public final class Migration {
    private static final String STAGING_SUFFIX = "~migrate-artifacts";

    private final MigrationEndpoint source;
    private final MigrationEndpoint target;
    private final MigrationOptions options;
    private final MigrationProgress progress;
    private final ArtifactPlacement placement;

    public Migration(MigrationEndpoint source, MigrationEndpoint target, MigrationOptions options, MigrationProgress progress) {
        this.source = requireNonNull(source, "source is null");
        this.target = requireNonNull(target, "target is null");
        this.options = requireNonNull(options, "options is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.placement = options.artifactsTo() != null ? ArtifactPlacement.under(absolute(options.artifactsTo()))
                : target.directoryRoot() != null ? ArtifactPlacement.under(Locations.fileUri(target.directoryRoot()))
                : ArtifactPlacement.keep();
    }

    /** A relative local root is recorded absolute, so the records mean the same from any working directory. */
    private static String absolute(String root) {
        if (Locations.isLocal(root) && !Locations.isFileUri(root)) {
            return Locations.localPath(root).map(Path::toString).orElse(root);
        }
        return root;
    }

    public ArtifactPlacement placement() {
        return placement;
    }

    /**
     * Plans, copies and verifies.
     *
     * @throws MigrationConflictException when the target holds different data under a source id (nothing written)
     */
    public MigrationResult run() {
        if (target.importer() == null && !options.dryRun()) {
            throw CairnException.invalidParameter("The target store %s cannot take experiments and runs with their ids;"
                    + " migrate into a directory or a SQLite, PostgreSQL or MySQL database.", target);
        }
        MigrationPlan plan = plan();
        if (!plan.conflicts().isEmpty() && !options.dryRun()) {
            throw new MigrationConflictException(plan.conflicts());
        }
        if (options.dryRun()) {
            return new MigrationResult(plan, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, null);
        }
        long start = System.nanoTime();
        Counters counters = copy(plan);
        Duration copyTime = Duration.ofNanos(System.nanoTime() - start);
        VerificationReport report = null;
        Duration verifyTime = Duration.ZERO;
        if (options.verify()) {
            long v = System.nanoTime();
            report = verify();
            verifyTime = Duration.ofNanos(System.nanoTime() - v);
        }
        return new MigrationResult(plan, counters.runs, counters.points, counters.files, counters.bytes, copyTime, verifyTime, report);
    }

    // ------------------------------------------------------------------ selection

    /** The selected source experiments with the ids of their selected runs, in id order. */
    private Map<Experiment, List<RunInfo>> selection() {
        TrackingStore store = source.store();
        List<Experiment> all = new ArrayList<>(RelocatingArtifactResolver.allExperiments(store));
        all.sort(Comparator.comparing((Experiment e) -> e.experimentId().value().length()).thenComparing(e -> e.experimentId().value()));
        List<Experiment> chosen = all;
        if (!options.experiments().isEmpty()) {
            chosen = new ArrayList<>();
            for (String wanted : options.experiments()) {
                Optional<Experiment> match = all.stream()
                        .filter(e -> e.experimentId().value().equals(wanted) || e.name().equals(wanted)).findFirst();
                if (match.isEmpty()) {
                    throw CairnException.invalidParameter("The source has no experiment with id or name '%s'.", wanted);
                }
                if (!chosen.contains(match.get())) {
                    chosen.add(match.get());
                }
            }
        }
        SearchFilter filter = options.runFilter() == null ? SearchFilter.ALL : SearchParser.parseRunFilter(options.runFilter());
        Set<String> wantedRuns = new LinkedHashSet<>(options.runIds());
        Map<Experiment, List<RunInfo>> out = new LinkedHashMap<>();
        Set<String> found = new LinkedHashSet<>();
        for (Experiment e : chosen) {
            List<RunInfo> runs = new ArrayList<>();
            PageToken token = PageToken.FIRST;
            while (true) {
                Page<Run> page = store.searchRuns(new RunSearch(List.of(e.experimentId()), filter, ViewType.ALL,
                        RunSearch.DEFAULT_MAX_RESULTS, List.of(), token));
                for (Run r : page.items()) {
                    if (wantedRuns.isEmpty() || wantedRuns.contains(r.info().runId().value())) {
                        runs.add(r.info());
                        found.add(r.info().runId().value());
                    }
                }
                if (page.nextPageToken() == null || page.items().isEmpty()) {
                    break;
                }
                token = PageToken.parse(page.nextPageToken());
            }
            runs.sort(Comparator.comparingLong(RunInfo::startTime).thenComparing(r -> r.runId().value()));
            if (wantedRuns.isEmpty() && options.runFilter() == null || !runs.isEmpty()) {
                out.put(e, runs);
            }
        }
        wantedRuns.removeAll(found);
        if (!wantedRuns.isEmpty()) {
            throw CairnException.invalidParameter("The source has no run %s in the selected experiments.", String.join(", ", wantedRuns));
        }
        return out;
    }

    // ------------------------------------------------------------------ plan

    /** Looks every selected entity up in the target; writes nothing. */
    public MigrationPlan plan() {
        Map<Experiment, List<RunInfo>> selection = selection();
        long totalRuns = selection.values().stream().mapToLong(List::size).sum();
        progress.phase("plan", totalRuns);
        TrackingStore t = target.store();
        List<ExperimentStep> experiments = new ArrayList<>();
        List<RunInfo> selected = new ArrayList<>();
        for (Map.Entry<Experiment, List<RunInfo>> entry : selection.entrySet()) {
            experiments.add(planExperiment(entry.getKey(), t));
            selected.addAll(entry.getValue());
        }
        Map<RunId, RunStep> steps = new java.util.concurrent.ConcurrentHashMap<>();
        forEach(selected, r -> r.runId().value(), r -> steps.put(r.runId(), planRun(r, t)));
        return new MigrationPlan(placement, experiments, selected.stream().map(r -> steps.get(r.runId())).toList());
    }

    private ExperimentStep planExperiment(Experiment e, TrackingStore t) {
        String idProblem = target.experimentIdProblem(e.experimentId());
        if (idProblem != null) {
            return new ExperimentStep(e, Action.CONFLICT, "the id cannot be kept in " + target + ": " + idProblem
                    + " (migrate into a directory or SQLite store, or select other experiments with --experiment)");
        }
        Optional<Experiment> existing = find(() -> t.getExperiment(e.experimentId()));
        if (existing.isEmpty()) {
            Optional<Experiment> byName = t.getExperimentByName(e.name());
            if (byName.isPresent()) {
                return new ExperimentStep(e, Action.CONFLICT, "the target has an experiment named '" + e.name()
                        + "' under another id (" + byName.get().experimentId() + ")");
            }
            return new ExperimentStep(e, Action.CREATE, null);
        }
        Experiment there = existing.get();
        List<String> differences = EntityDigest.experiment(expected(e), placement.experimentLocation(e))
                .differencesTo(EntityDigest.experiment(there, there.artifactLocation()));
        if (differences.isEmpty()) {
            return new ExperimentStep(e, Action.SKIP, "already in the target");
        }
        if (isUntouchedDefault(there, t)) {
            if (target.maintenance() == null) {
                return new ExperimentStep(e, Action.CONFLICT, "the target's own Default experiment uses this id and"
                        + " Cairn cannot rewrite it in " + target);
            }
            return new ExperimentStep(e, Action.ADOPT, "replaces the target's empty Default experiment");
        }
        if (!there.name().equals(e.name())) {
            return new ExperimentStep(e, Action.CONFLICT, "the target uses this id for experiment '" + there.name() + "'");
        }
        return new ExperimentStep(e, Action.CONFLICT, "the target holds a different version: " + String.join("; ", differences));
    }

    /** The experiment as it should be recorded in the target. */
    private Experiment expected(Experiment e) {
        return new Experiment(e.experimentId(), e.name(), placement.experimentLocation(e), e.lifecycleStage(), e.creationTime(),
                e.lastUpdateTime(), e.tags());
    }

    /** The Default experiment a store creates by itself when opened empty: no tags, no runs, still active. */
    private static boolean isUntouchedDefault(Experiment e, TrackingStore t) {
        if (!e.experimentId().equals(ExperimentId.DEFAULT) || !e.name().equals("Default") || !e.tags().isEmpty()
                || e.lifecycleStage() != dev.cairn.core.model.LifecycleStage.ACTIVE) {
            return false;
        }
        return t.searchRuns(new RunSearch(List.of(e.experimentId()), SearchFilter.ALL, ViewType.ALL, 1, List.of(), PageToken.FIRST))
                .items().isEmpty();
    }

    private RunStep planRun(RunInfo r, TrackingStore t) {
        Optional<Run> existing = find(() -> t.getRun(r.runId()));
        if (existing.isEmpty()) {
            return new RunStep(r, Action.CREATE, null);
        }
        RunInfo there = existing.get().info();
        if (!there.experimentId().equals(r.experimentId())) {
            return new RunStep(r, Action.CONFLICT, "the target has this run id in experiment " + there.experimentId());
        }
        RunContent wanted = RunContent.read(source.store(), r.runId()).withArtifactUri(placement.runLocation(r));
        RunContent present = RunContent.read(t, r.runId());
        List<String> differences = EntityDigest.run(wanted, null).differencesTo(EntityDigest.run(present, null));
        if (differences.isEmpty()) {
            return new RunStep(r, Action.SKIP, "already in the target");
        }
        return new RunStep(r, Action.CONFLICT, "the target holds a different version: " + String.join("; ", differences));
    }

    /** The entity, or empty when the store says it does not exist. */
    private static <T> Optional<T> find(java.util.function.Supplier<T> lookup) {
        try {
            return Optional.of(lookup.get());
        } catch (CairnException e) {
            if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                return Optional.empty();
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ copy

    /** What the copy phase did, summed over the copying threads. */
    private static final class Counters {
        long runs;
        long points;
        long files;
        long bytes;

        synchronized void add(long runs, long points, long files, long bytes) {
            this.runs += runs;
            this.points += points;
            this.files += files;
            this.bytes += bytes;
        }
    }

    /**
     * Applies {@code work} to every item on {@code options.threads()} threads, reporting progress as items finish;
     * the first failure stops the rest (items already running finish) and is rethrown.
     */
    private <T> void forEach(List<T> items, java.util.function.Function<T, String> name, java.util.function.Consumer<T> work) {
        long total = items.size();
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        if (options.threads() == 1 || items.size() < 2) {
            for (T item : items) {
                work.accept(item);
                synchronized (progress) {
                    progress.advanced(done.incrementAndGet(), total, name.apply(item));
                }
            }
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "cairn-migrate");
            t.setDaemon(true);
            return t;
        });
        try {
            java.util.concurrent.CompletionService<T> completion = new java.util.concurrent.ExecutorCompletionService<>(pool);
            List<java.util.concurrent.Future<T>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(completion.submit(() -> {
                    work.accept(item);
                    return item;
                }));
            }
            for (int i = 0; i < items.size(); i++) {
                T finished;
                try {
                    finished = completion.take().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // queued runs are dropped; running ones finish (never interrupted: an interrupt would close the
                    // file channels a directory store shares for its locks)
                    futures.forEach(f -> f.cancel(false));
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw CairnException.internal("Interrupted while migrating", e);
                }
                synchronized (progress) {
                    progress.advanced(done.incrementAndGet(), total, name.apply(finished));
                }
            }
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Counters copy(MigrationPlan plan) {
        Counters counters = new Counters();
        for (ExperimentStep step : plan.experiments()) {
            switch (step.action()) {
                case CREATE -> target.importer().importExperiment(expected(step.source()));
                case ADOPT -> target.maintenance().overwriteExperiment(expected(step.source()));
                default -> { }
            }
        }
        progress.phase("copy", plan.runs().size());
        forEach(plan.runs(), step -> step.source().runId().value(), step -> {
            if (step.action() == Action.CREATE) {
                copyRun(step.source(), counters);
            } else if (step.action() == Action.SKIP && placement.copies()) {
                repairArtifacts(step.source(), counters);
            }
        });
        return counters;
    }

    private void copyRun(RunInfo info, Counters counters) {
        RunContent content = RunContent.read(source.store(), info.runId());
        String location = placement.runLocation(content.info());
        RunContent wanted = content.withArtifactUri(location);
        long files = 0;
        long bytes = 0;
        if (!placement.copies() || sameLocation(content.info().artifactUri(), location)) {
            target.importer().importRun(wanted.toBundle());
        } else {
            try (ArtifactRepository from = source.artifacts(content.info().artifactUri())) {
                List<FileInfo> listed = ArtifactTrees.files(from);
                Optional<Path> staging = stagingDir(info, location);
                if (staging.isPresent() && !listed.isEmpty()) {
                    Path stage = staging.get();
                    deleteTree(stage);
                    try (ArtifactRepository staged = new LocalArtifactRepository(stage)) {
                        bytes = ArtifactTrees.copy(from, staged, listed);
                    }
                    if (target.importer() instanceof FileTrackingStore directory) {
                        directory.importRun(wanted.toBundle(), stage); // run and artifacts appear in one rename
                    } else {
                        target.importer().importRun(wanted.toBundle());
                        promote(stage, stage.resolveSibling(info.runId().value()).resolve("artifacts"));
                    }
                } else {
                    try (ArtifactRepository to = target.artifacts(location)) {
                        bytes = ArtifactTrees.copy(from, to, listed);
                    }
                    target.importer().importRun(wanted.toBundle());
                }
                files = listed.size();
            }
        }
        counters.add(1, content.metricHistory().size(), files, bytes);
    }

    /**
     * Where to stage a run's artifacts when they belong inside the run's own folder of a directory target: beside
     * that folder (in the live or the trashed experiment folder, wherever the experiment is), under a name with '~',
     * which the store's listings skip.
     */
    private Optional<Path> stagingDir(RunInfo info, String location) {
        Path root = target.directoryRoot();
        Optional<Path> local = Locations.localPath(location);
        if (root == null || local.isEmpty()) {
            return Optional.empty();
        }
        String experiment = info.experimentId().value();
        if (!local.get().equals(root.resolve(experiment).resolve(info.runId().value()).resolve("artifacts"))) {
            return Optional.empty();
        }
        Path live = root.resolve(experiment);
        Path trashed = root.resolve(".trash").resolve(experiment);
        Path experimentDir = Files.isDirectory(live) ? live : Files.isDirectory(trashed) ? trashed : null;
        return Optional.ofNullable(experimentDir).map(d -> d.resolve(info.runId().value() + STAGING_SUFFIX));
    }

    /** Renames the staged tree onto the (empty) artifacts folder the import created, in one step. */
    private static void promote(Path stage, Path artifactsDir) {
        try {
            if (Files.isDirectory(artifactsDir)) {
                try {
                    Files.delete(artifactsDir);
                } catch (DirectoryNotEmptyException e) {
                    // something was written there meanwhile: merge file by file instead
                    try (ArtifactRepository from = new LocalArtifactRepository(stage);
                            ArtifactRepository to = new LocalArtifactRepository(artifactsDir)) {
                        ArtifactTrees.copy(from, to, ArtifactTrees.files(from));
                    }
                    deleteTree(stage);
                    return;
                }
            }
            try {
                Files.move(stage, artifactsDir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(stage, artifactsDir);
            }
        } catch (IOException e) {
            throw CairnException.internal("Cannot move staged artifacts " + stage + " to " + artifactsDir + ": " + e, e);
        }
    }

    /** For a run already in the target: copies artifact files that are missing or differ (an interrupted copy). */
    private void repairArtifacts(RunInfo info, Counters counters) {
        String location = placement.runLocation(info);
        if (sameLocation(info.artifactUri(), location)) {
            return;
        }
        Optional<Path> staging = stagingDir(info, location);
        staging.ifPresent(Migration::deleteTree);
        try (ArtifactRepository from = source.artifacts(info.artifactUri());
                ArtifactRepository to = target.artifacts(location)) {
            SortedMap<String, String> there = ArtifactTrees.fingerprints(to);
            List<FileInfo> missing = new ArrayList<>();
            for (FileInfo f : ArtifactTrees.files(from)) {
                String theirs = there.get(f.path());
                if (theirs == null || !theirs.equals(ArtifactTrees.fingerprint(from, f.path()))) {
                    missing.add(f);
                }
            }
            if (!missing.isEmpty()) {
                synchronized (progress) {
                    progress.note("run " + info.runId() + ": copying " + missing.size() + " artifact files an earlier attempt left out");
                }
                counters.add(0, 0, missing.size(), ArtifactTrees.copy(from, to, missing));
            }
        }
    }

    private static boolean sameLocation(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        Optional<Path> pa = Locations.localPath(a);
        Optional<Path> pb = Locations.localPath(b);
        return pa.isPresent() && pb.isPresent() ? pa.get().equals(pb.get())
                : Locations.stripTrailingSlash(a).equals(Locations.stripTrailingSlash(b));
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw CairnException.internal("Cannot delete " + dir + ": " + e, e);
        }
    }

    // ------------------------------------------------------------------ verify

    /** Reads the source again and compares every selected entity with the target. */
    public VerificationReport verify() {
        Map<Experiment, List<RunInfo>> selection = selection();
        long totalRuns = selection.values().stream().mapToLong(List::size).sum();
        progress.phase("verify", totalRuns);
        List<VerificationReport.Entry> entries = new ArrayList<>();
        TrackingStore t = target.store();
        List<RunInfo> runs = new ArrayList<>();
        for (Map.Entry<Experiment, List<RunInfo>> entry : selection.entrySet()) {
            Experiment e = entry.getKey();
            EntityDigest wanted = EntityDigest.experiment(e, placement.experimentLocation(e));
            Optional<Experiment> there = find(() -> t.getExperiment(e.experimentId()));
            entries.add(there.isEmpty()
                    ? new VerificationReport.Entry("experiment", e.experimentId().value(), wanted, null, List.of("missing in the target"))
                    : entry("experiment", e.experimentId().value(), wanted,
                            EntityDigest.experiment(there.get(), there.get().artifactLocation())));
            runs.addAll(entry.getValue());
        }
        Map<RunId, VerificationReport.Entry> byRun = new java.util.concurrent.ConcurrentHashMap<>();
        forEach(runs, r -> r.runId().value(), r -> byRun.put(r.runId(), verifyRun(r, t)));
        runs.forEach(r -> entries.add(byRun.get(r.runId())));
        return new VerificationReport(entries);
    }

    private VerificationReport.Entry verifyRun(RunInfo r, TrackingStore t) {
        RunContent content = RunContent.read(source.store(), r.runId());
        String location = placement.runLocation(content.info());
        SortedMap<String, String> sourceArtifacts = fingerprints(source, content.info().artifactUri());
        EntityDigest wanted = EntityDigest.run(content.withArtifactUri(location), sourceArtifacts);
        Optional<Run> there = find(() -> t.getRun(r.runId()));
        if (there.isEmpty()) {
            return new VerificationReport.Entry("run", r.runId().value(), wanted, null, List.of("missing in the target"));
        }
        RunContent present = RunContent.read(t, r.runId());
        SortedMap<String, String> targetArtifacts = sameLocation(content.info().artifactUri(), present.info().artifactUri())
                ? sourceArtifacts : fingerprints(target, present.info().artifactUri());
        return entry("run", r.runId().value(), wanted, EntityDigest.run(present, targetArtifacts));
    }

    private static SortedMap<String, String> fingerprints(MigrationEndpoint side, String location) {
        if (location == null || location.isBlank()) {
            return new TreeMap<>();
        }
        try (ArtifactRepository repo = side.artifacts(location)) {
            return ArtifactTrees.fingerprints(repo);
        }
    }

    private static VerificationReport.Entry entry(String kind, String id, EntityDigest wanted, EntityDigest present) {
        return new VerificationReport.Entry(kind, id, wanted, present, wanted.differencesTo(present));
    }

    /** Convenience for callers holding ids: the run ids the selection covers, in copy order. */
    public List<RunId> selectedRunIds() {
        return selection().values().stream().flatMap(List::stream).map(RunInfo::runId).toList();
    }
}
