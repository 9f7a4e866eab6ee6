package dev.cairn.migrate.cli;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.migrate.ConsoleProgress;
import dev.cairn.migrate.Migration;
import dev.cairn.migrate.MigrationConflictException;
import dev.cairn.migrate.MigrationEndpoint;
import dev.cairn.migrate.MigrationOptions;
import dev.cairn.migrate.MigrationPlan;
import dev.cairn.migrate.MigrationPlan.Action;
import dev.cairn.migrate.MigrationProgress;
import dev.cairn.migrate.MigrationResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn migrate}: copy everything from one store to another, verified. */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Copies experiments and runs (params, tags, every metric point, inputs) and their artifacts from one",
            "tracking store to another, keeping ids, then verifies the copy entity by entity.",
            "Safe to rerun: what is already copied is skipped, so an interrupted migration continues where it stopped."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:copied (or, with --dry-run, could be copied) and verified identical",
            "1:the verification found differences (see the report)",
            "2:invalid command line",
            "3:the target uses ids of the source for something else; nothing was written",
            "4:the migration failed (the message says why; rerun to continue)"})
public final class MigrateCommand implements Callable<Integer> {
    public static final int OK = 0;
    public static final int DIFFERENCES = 1;
    public static final int CONFLICTS = 3;
    public static final int FAILED = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URI",
            description = "Source store: a directory (mlruns), sqlite:///..., postgresql://..., mysql://..., or a server URL.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "URI", description = "Target store: a directory or a database URI.")
    String to;

    @Option(names = "--artifacts-to", paramLabel = "URI",
            description = {"Root to copy artifacts under (<root>/<experiment>/<run>/artifacts); locations are rewritten.",
                "Default: inside a directory target; for a database target, artifacts stay where they are."})
    String artifactsTo;

    @Option(names = "--experiment", split = ",", paramLabel = "ID|NAME", description = "Only these experiments (repeatable).")
    List<String> experiments = new ArrayList<>();

    @Option(names = "--run", split = ",", paramLabel = "RUN_ID", description = "Only these runs (repeatable).")
    List<String> runs = new ArrayList<>();

    @Option(names = "--run-filter", paramLabel = "FILTER", description = "Only runs matching an MLflow search filter, e.g. \"metrics.acc > 0.9\".")
    String runFilter;

    @Option(names = "--dry-run", description = "Check for conflicts and show what would be copied; write nothing.")
    boolean dryRun;

    @Option(names = "--no-verify", negatable = false, description = "Skip the verification after copying (not recommended).")
    boolean noVerify;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "" + MigrationOptions.DEFAULT_THREADS,
            description = "Runs copied and verified at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the full verification report (every entity, counts, checksums) here.")
    Path report;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MigrationOptions options = new MigrationOptions(artifactsTo, experiments, runs, runFilter, dryRun, !noVerify, threads);
        StoreConfig config = StoreConfig.defaults();
        MigrationProgress progress = quiet ? MigrationProgress.NONE : new ConsoleProgress(err, System.console() != null);
        try (MigrationEndpoint source = MigrationEndpoint.openSource(TrackingUri.parse(from), config);
                MigrationEndpoint target = MigrationEndpoint.openTarget(TrackingUri.parse(to), config)) {
            Migration migration = new Migration(source, target, options, progress);
            out.printf("Migrating %s -> %s (%s)%n", source, target, migration.placement());
            out.flush();
            MigrationResult result = migration.run();
            printPlan(out, result.plan());
            if (dryRun) {
                List<String> conflicts = result.plan().conflicts();
                if (!conflicts.isEmpty()) {
                    err.println(new MigrationConflictException(conflicts).getMessage());
                    return CONFLICTS;
                }
                out.println("Dry run: nothing was written.");
                return OK;
            }
            out.printf("Copied %d runs, %d metric points, %d artifact files (%d bytes) in %.1f s: %.1f runs/s, %.0f metric points/s%n",
                    result.runsCopied(), result.metricPointsCopied(), result.artifactFilesCopied(), result.artifactBytesCopied(),
                    result.copyTime().toNanos() / 1e9, result.runsPerSecond(), result.metricPointsPerSecond());
            if (result.verification() == null) {
                out.println("Not verified (--no-verify).");
                return OK;
            }
            if (report != null) {
                Files.writeString(report, result.verification().render(), StandardCharsets.UTF_8);
                out.println("Full report: " + report);
            }
            for (var entry : result.verification().differences()) {
                err.println("DIFFERS " + entry.kind() + " " + entry.id() + ":");
                entry.differences().forEach(d -> err.println("    " + d));
            }
            out.println(result.verification().summary());
            return result.verification().ok() ? OK : DIFFERENCES;
        } catch (MigrationConflictException e) {
            err.println(e.getMessage());
            return CONFLICTS;
        } catch (CairnException | IllegalArgumentException | IOException e) {
            err.println("Migration failed: " + e.getMessage());
            err.println("Nothing partial is visible in the target; run the same command again to continue.");
            return FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static void printPlan(PrintWriter out, MigrationPlan plan) {
        out.printf("Plan: experiments %d to create, %d to adopt, %d already there; runs %d to copy, %d already there;"
                        + " %d conflicts%n", plan.experimentCount(Action.CREATE), plan.experimentCount(Action.ADOPT),
                plan.experimentCount(Action.SKIP), plan.runCount(Action.CREATE), plan.runCount(Action.SKIP),
                plan.conflicts().size());
        if (plan.runs().size() <= 200) {
            for (var s : plan.experiments()) {
                out.printf("  %-8s experiment %s '%s'%n", s.action().name().toLowerCase(), s.source().experimentId(), s.source().name());
            }
            for (var s : plan.runs()) {
                out.printf("  %-8s run %s (experiment %s)%n", s.action().name().toLowerCase(), s.source().runId(), s.source().experimentId());
            }
        }
    }

    /** Runs the command on its own (for scripts and tests); {@code cairn migrate} is the usual way. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new MigrateCommand()).execute(args));
    }
}
