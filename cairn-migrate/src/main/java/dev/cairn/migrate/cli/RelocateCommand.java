package dev.cairn.migrate.cli;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.migrate.ArtifactLocationRelocation;
import dev.cairn.migrate.StoreMaintenance.LocationChange;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn relocate}: rewrite recorded artifact locations after artifacts (or a whole mlruns) moved. */
@Command(name = "relocate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Rewrites the recorded artifact locations of experiments and runs that start with OLD so they start with NEW,",
            "in a directory store or a SQL database. Use it after moving or renaming an mlruns directory or an artifact root."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:relocated (or, with --dry-run, listed)", "2:invalid command line", "4:failed (nothing or, for a"
                + " directory store, part of the records rewritten; rerun to finish)"})
public final class RelocateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "URI", description = "The store: a directory or a database URI.")
    String store;

    @Option(names = "--from", required = true, paramLabel = "OLD", description = "The old location prefix (path or URI).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "NEW", description = "The new location prefix (path or URI).")
    String to;

    @Option(names = "--dry-run", description = "List what would change; write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<LocationChange> changes = ArtifactLocationRelocation.relocate(
                    TrackingUri.parse(store), StoreConfig.defaults(), from, to, dryRun);
            changes.stream().limit(100).forEach(c -> out.printf("  %s %s: %s -> %s%n", c.entity(), c.id(), c.oldLocation(), c.newLocation()));
            if (changes.size() > 100) {
                out.printf("  ... and %d more%n", changes.size() - 100);
            }
            long experiments = changes.stream().filter(c -> c.entity().equals("experiment")).count();
            out.printf("%s %d experiment and %d run locations under %s%s.%n", dryRun ? "Would relocate" : "Relocated",
                    experiments, changes.size() - experiments, from, changes.isEmpty() ? " (none found)" : " to " + to);
            return MigrateCommand.OK;
        } catch (CairnException | IllegalArgumentException e) {
            err.println("Relocation failed: " + e.getMessage());
            return MigrateCommand.FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RelocateCommand()).execute(args));
    }
}
