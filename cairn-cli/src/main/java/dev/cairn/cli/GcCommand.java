package dev.cairn.cli;

import dev.cairn.artifacts.RelocatingArtifactResolver;
import dev.cairn.client.CairnTracking;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.ExperimentSearch;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchFilter;
import dev.cairn.core.store.DeletedRun;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn gc}: removes deleted runs and experiments for good, artifacts first, then metadata, as MLflow's
 * {@code mlflow gc}. Everything that could refuse the request (unknown or active ids, too young, an
 * {@code mlflow-artifacts:} location without {@code --artifacts-destination}) is checked before the first
 * removal; after that, an artifact location that is missing or cannot be reached is a warning, not a stop,
 * since the metadata must go anyway for the run to be gone.
 */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {
            "Permanently remove deleted runs and experiments, with their artifacts.",
            "Without --run-ids or --experiment-ids: every run and experiment deleted longer than --older-than ago "
                    + "(default: all deleted ones). With them: exactly those, which must be deleted (and old enough).",
            "Removing an experiment removes all its runs and its artifact location. A missing artifact directory is "
                    + "reported as a warning and does not stop gc. Works on a store (directory or database), not a server."
        })
final class GcCommand extends CliCommand {
    @Option(names = "--older-than", paramLabel = "AGE", converter = OlderThan.class,
            description = "Only what was deleted at least this long ago, as MLflow writes it: 30d, 8h, 1d2h3m4s, 1.5h, 0s.")
    Duration olderThan;

    @Option(names = "--run-ids", paramLabel = "ID", split = ",",
            description = "Only these deleted runs; comma-separated or repeated.")
    List<String> runIds;

    @Option(names = "--experiment-ids", paramLabel = "ID", split = ",",
            description = "Only these deleted experiments (with all their runs); comma-separated or repeated.")
    List<String> experimentIds;

    @Option(names = "--artifacts-destination", paramLabel = "URI",
            description = "The tracking server's --artifacts-destination (its default: ./mlartifacts), where artifacts "
                    + "of mlflow-artifacts: locations really are. Needed when such runs are removed.")
    String artifactsDestination;

    @Option(names = "--dry-run", description = "List what would be removed; remove nothing.")
    boolean dryRun;

    /** A run gc removes (JSON {@code runs[]}). */
    record RemovedRun(String runId, String experimentId, String artifactUri, Long deletedTime) {}

    /** An experiment gc removes with its runs (JSON {@code experiments[]}). */
    record RemovedExperiment(String experimentId, String name, String artifactLocation, long deletedTime, List<String> runIds) {}

    /** The whole answer in JSON; {@code warnings} lists artifacts that were left and why. */
    record GcReport(boolean dryRun, List<RemovedRun> runs, List<RemovedExperiment> experiments, List<String> warnings) {}

    /** What one gc will remove, decided before anything is. */
    private record Plan(List<RunInfo> runs, Map<Experiment, List<RunInfo>> experiments, Map<RunId, Long> deletedTimes) {}

    @Override
    public Integer call() {
        Instant cutoff = Instant.now().minus(olderThan == null ? Duration.ZERO : olderThan);
        try (CairnTracking tracking = common.open(context())) {
            TrackingStore store = tracking.store();
            Plan plan = plan(store, cutoff);
            try (GcArtifacts artifacts = new GcArtifacts(context().workingDir(), artifactsDestination, relocator(tracking))) {
                requireDestinationIfProxied(plan, artifacts);
                protect(store, plan, artifacts, tracking);
                GcReport report = execute(store, plan, artifacts);
                print(report);
            }
        }
        return ExitCodes.OK;
    }

    // ---------------------------------------------------------------- deciding

    private Plan plan(TrackingStore store, Instant cutoff) {
        List<DeletedRun> oldEnough = store.deletedRuns(cutoff);
        Map<RunId, Long> deletedTimes = new LinkedHashMap<>();
        oldEnough.forEach(r -> deletedTimes.put(r.info().runId(), r.deletedTime()));
        List<Experiment> experiments = new ArrayList<>();
        List<RunInfo> runs = new ArrayList<>();
        if (runIds == null && experimentIds == null) {
            experiments.addAll(store.deletedExperiments(cutoff));
            oldEnough.forEach(r -> runs.add(r.info()));
        } else {
            for (String id : distinct(experimentIds)) {
                experiments.add(namedExperiment(store, ExperimentId.of(id), cutoff));
            }
            for (String id : distinct(runIds)) {
                runs.add(namedRun(store, RunId.of(id), deletedTimes));
            }
        }
        Map<Experiment, List<RunInfo>> withRuns = new LinkedHashMap<>();
        Set<ExperimentId> going = new LinkedHashSet<>();
        for (Experiment e : experiments) {
            withRuns.put(e, allRuns(store, e.experimentId()));
            going.add(e.experimentId());
        }
        // a run of an experiment that goes is removed with it
        runs.removeIf(r -> going.contains(r.experimentId()));
        return new Plan(runs, withRuns, deletedTimes);
    }

    private Experiment namedExperiment(TrackingStore store, ExperimentId id, Instant cutoff) {
        Experiment e = store.getExperiment(id);
        if (e.lifecycleStage() != LifecycleStage.DELETED) {
            throw CairnException.invalidParameter("Experiment %s is %s: only deleted experiments can be removed"
                    + " (delete it first: cairn experiments delete -x %s). Nothing was removed.", id, e.lifecycleStage().wireName(), id);
        }
        if (olderThan != null && e.lastUpdateTime() > cutoff.toEpochMilli()) {
            throw CairnException.invalidParameter("Experiment %s was deleted less than %s ago (at %s). Nothing was removed.",
                    id, olderThanText(), Output.time(e.lastUpdateTime()));
        }
        return e;
    }

    private RunInfo namedRun(TrackingStore store, RunId id, Map<RunId, Long> oldEnough) {
        RunInfo info = store.getRun(id).info();
        if (info.lifecycleStage() != LifecycleStage.DELETED) {
            throw CairnException.invalidParameter("Run %s is %s: only deleted runs can be removed"
                    + " (delete it first: cairn runs delete -r %s). Nothing was removed.", id, info.lifecycleStage().wireName(), id);
        }
        if (olderThan != null && !oldEnough.containsKey(id)) {
            throw CairnException.invalidParameter("Run %s was deleted less than %s ago. Nothing was removed.", id, olderThanText());
        }
        return info;
    }

    private static List<RunInfo> allRuns(TrackingStore store, ExperimentId id) {
        List<RunInfo> out = new ArrayList<>();
        PageToken token = PageToken.FIRST;
        while (token != null) {
            Page<Run> page = store.searchRuns(new RunSearch(List.of(id), SearchFilter.ALL, ViewType.ALL,
                    RunSearch.MAX_RESULTS_LIMIT, List.of(), token));
            page.items().forEach(r -> out.add(r.info()));
            token = page.nextPageToken() == null || page.items().isEmpty() ? null : PageToken.parse(page.nextPageToken());
        }
        return out;
    }

    private void requireDestinationIfProxied(Plan plan, GcArtifacts artifacts) {
        if (artifacts.hasDestination()) {
            return;
        }
        List<String> proxied = new ArrayList<>();
        plan.runs().stream().filter(r -> GcArtifacts.isProxied(r.artifactUri())).forEach(r -> proxied.add("run " + r.runId()));
        plan.experiments().forEach((e, runs) -> {
            if (GcArtifacts.isProxied(e.artifactLocation()) || runs.stream().anyMatch(r -> GcArtifacts.isProxied(r.artifactUri()))) {
                proxied.add("experiment " + e.experimentId());
            }
        });
        if (!proxied.isEmpty()) {
            // without it the artifacts could never be found again once the metadata naming them is gone
            throw CairnException.invalidParameter("%s keep%s artifacts at mlflow-artifacts: locations, which only the"
                    + " tracking server's --artifacts-destination resolves: pass the same --artifacts-destination"
                    + " (the server's default is ./mlartifacts). Nothing was removed.",
                    summary(proxied), proxied.size() == 1 ? "s" : "");
        }
    }

    /** No removal may reach the store itself, the working or home directory, or a location of an experiment that stays. */
    private void protect(TrackingStore store, Plan plan, GcArtifacts artifacts, CairnTracking tracking) {
        artifacts.protect(context().workingDir());
        artifacts.protect(Path.of(System.getProperty("user.home")));
        TrackingUri uri = tracking.trackingUri().uri();
        if (uri.isLocalDirectory()) {
            artifacts.protect(uri.localPath(context().workingDir()));
        }
        Set<ExperimentId> going = new LinkedHashSet<>();
        plan.experiments().keySet().forEach(e -> going.add(e.experimentId()));
        List<String> staying = new ArrayList<>();
        PageToken token = PageToken.FIRST;
        while (token != null) {
            Page<Experiment> page = store.searchExperiments(new ExperimentSearch(SearchFilter.ALL, ViewType.ALL,
                    ExperimentSearch.MAX_RESULTS_LIMIT, List.of(), token));
            page.items().stream().filter(e -> !going.contains(e.experimentId())).forEach(e -> staying.add(e.artifactLocation()));
            token = page.nextPageToken() == null || page.items().isEmpty() ? null : PageToken.parse(page.nextPageToken());
        }
        artifacts.protect(staying);
    }

    /** A directory store keeps a deleted experiment's folder (with its runs' artifacts) in .trash under the old location. */
    private UnaryOperator<String> relocator(CairnTracking tracking) {
        TrackingUri uri = tracking.trackingUri().uri();
        if (!uri.isLocalDirectory()) {
            return location -> location;
        }
        RelocatingArtifactResolver resolver =
                RelocatingArtifactResolver.forDirectoryStore(uri.localPath(context().workingDir()), tracking.store());
        return resolver::resolve;
    }

    // ---------------------------------------------------------------- removing

    private GcReport execute(TrackingStore store, Plan plan, GcArtifacts artifacts) {
        List<RemovedRun> removedRuns = new ArrayList<>();
        List<RemovedExperiment> removedExperiments = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (RunInfo run : plan.runs()) {
            removeRun(store, run, artifacts, warnings);
            removedRuns.add(new RemovedRun(run.runId().value(), run.experimentId().value(), run.artifactUri(),
                    plan.deletedTimes().get(run.runId())));
        }
        plan.experiments().forEach((e, runs) -> {
            for (RunInfo run : runs) {
                removeRun(store, run, artifacts, warnings);
            }
            // the experiment's own location last: in a directory store it may be the folder the runs were in
            String location = e.artifactLocation();
            if (!dryRun) {
                try {
                    store.purgeExperiment(e.experimentId());
                } catch (CairnException gone) {
                    if (gone.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                        throw gone;
                    }
                    warn(warnings, "Experiment " + e.experimentId() + " was already removed by someone else.");
                }
            }
            GcArtifacts.Left left = artifacts.remove(location, "experiment " + e.experimentId(), dryRun);
            // a missing experiment location is normal (nothing but runs was ever in it, or it went with the folder)
            if (left != null && !left.missing()) {
                warn(warnings, left.reason());
            }
            removedExperiments.add(new RemovedExperiment(e.experimentId().value(), e.name(), location, e.lastUpdateTime(),
                    runs.stream().map(r -> r.runId().value()).toList()));
            line((dryRun ? "Would remove" : "Removed") + " experiment " + e.experimentId() + " '" + e.name() + "' with "
                    + plural(runs.size(), "run") + " (deleted " + Output.time(e.lastUpdateTime()) + ")");
        });
        return new GcReport(dryRun, removedRuns, removedExperiments, warnings);
    }

    /** Artifacts first: if gc stops in between, the run is still listed and a second gc finishes it. */
    private void removeRun(TrackingStore store, RunInfo run, GcArtifacts artifacts, List<String> warnings) {
        GcArtifacts.Left left = artifacts.remove(run.artifactUri(), "run " + run.runId(), dryRun);
        if (left != null) {
            warn(warnings, left.reason());
        }
        if (!dryRun) {
            try {
                store.purgeRun(run.runId());
            } catch (CairnException gone) {
                if (gone.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                    throw gone;
                }
                warn(warnings, "Run " + run.runId() + " was already removed by someone else.");
            }
        }
        line((dryRun ? "Would remove" : "Removed") + " run " + run.runId() + " of experiment " + run.experimentId()
                + (run.artifactUri() == null ? "" : ", artifacts " + run.artifactUri()));
    }

    // ---------------------------------------------------------------- output

    /** Progress lines as gc goes (human output only), so an interrupted gc still shows what it did. */
    private void line(String text) {
        if (!common.json()) {
            out().println(text);
            out().flush();
        }
    }

    private void warn(List<String> warnings, String text) {
        warnings.add(text);
        if (!common.json()) {
            err().println("cairn: warning: " + text);
            err().flush();
        }
    }

    private void print(GcReport report) {
        if (common.json()) {
            Output.json(out(), report);
            return;
        }
        int runs = report.runs().size() + report.experiments().stream().mapToInt(e -> e.runIds().size()).sum();
        String what = plural(runs, "run") + " and " + plural(report.experiments().size(), "experiment");
        if (report.dryRun()) {
            out().println("Dry run: would remove " + what + "; nothing was removed.");
        } else {
            out().println("Removed " + what + (report.warnings().isEmpty() ? "." : " (" + plural(report.warnings().size(), "warning") + ")."));
        }
        out().flush();
    }

    private String olderThanText() {
        return olderThan.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String summary(List<String> items) {
        return items.size() <= 3 ? String.join(", ", items) : String.join(", ", items.subList(0, 3)) + " and " + (items.size() - 3) + " more";
    }

    private static List<String> distinct(List<String> ids) {
        return ids == null ? List.of() : List.copyOf(new LinkedHashSet<>(ids.stream().map(String::strip).filter(s -> !s.isEmpty()).toList()));
    }
}
