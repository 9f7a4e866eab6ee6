package dev.cairn.cli;

import dev.cairn.client.CairnTracking;
import dev.cairn.client.ClientConfig;
import dev.cairn.client.ExperimentQuery;
import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.uri.ResolvedTrackingUri;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.core.uri.TrackingUriResolver;
import dev.cairn.migrate.ArtifactLocationDoctor;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;

/**
 * {@code cairn doctor}: where runs and artifacts go, why, whether this user can reach and write there, and
 * what to change to move them. It does not create a store that does not exist yet.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Show where runs and artifacts go and why, check that every location is reachable and "
                + "writable, find recorded artifact locations that no longer exist (a moved store: the fix is a "
                + "'cairn relocate' command, printed), and say how to move them. Exit status 4 when a check fails.")
final class DoctorCommand extends CliCommand {
    record Check(String name, boolean ok, String detail) {}

    /** {@code danglingLocations}: recorded artifact locations that point at nothing (see {@link ArtifactLocationDoctor}). */
    record Report(String trackingUri, String rule, String storeType, String storeLocation, String newRunArtifacts,
            List<Check> checks, List<ArtifactLocationDoctor.Finding> danglingLocations, List<String> advice) {}

    @Override
    public Integer call() {
        CliContext ctx = context();
        ResolvedTrackingUri resolved = common.resolve(ctx);
        TrackingUri uri = resolved.uri();
        List<Check> checks = new ArrayList<>();
        String storeType;
        String location;
        boolean exists = true;
        switch (uri.scheme()) {
            case "file" -> {
                storeType = "directory store (MLflow mlruns layout)";
                Path dir = uri.localPath(ctx.workingDir());
                location = dir.toString();
                exists = Files.exists(dir);
                checks.add(localCheck("tracking directory", dir, true));
            }
            case "sqlite" -> {
                storeType = "SQLite database";
                Path file = sqlitePath(uri, ctx.workingDir());
                location = file == null ? "in memory (lost on exit)" : file.toString();
                if (file != null) {
                    exists = Files.exists(file);
                    checks.add(localCheck("database file", file, false));
                }
            }
            case "postgresql" -> {
                storeType = "PostgreSQL database";
                location = uri.redacted();
            }
            case "mysql", "mariadb" -> {
                storeType = "MySQL/MariaDB database";
                location = uri.redacted();
            }
            case "http", "https" -> {
                storeType = "tracking server (MLflow REST API)";
                location = uri.redacted();
            }
            default -> {
                storeType = "unknown scheme '" + uri.scheme() + "'";
                location = uri.redacted();
            }
        }

        String newRunArtifacts;
        List<ArtifactLocationDoctor.Finding> dangling = List.of();
        if (!exists) {
            checks.add(new Check("store", true, "does not exist yet; it is created on first use (doctor does not create it)"));
            newRunArtifacts = uri.isLocalDirectory()
                    ? uri.localPath(ctx.workingDir()).resolve("0") + "/<run_id>/artifacts (once created)"
                    : "decided when the store is created (the default experiment's artifact location)";
        } else {
            newRunArtifacts = "unknown (store not reachable)";
            try (CairnTracking tracking = CairnTracking.open(resolved, ClientConfig.fromEnvironment(ctx.env(), ctx.workingDir())
                    .withRetries(1, java.time.Duration.ofMillis(200)))) {
                tracking.searchExperiments(ExperimentQuery.all().maxResults(1));
                checks.add(new Check("store", true, "reachable; experiments can be read"));
                Experiment defaultExperiment = tracking.getExperiment(ExperimentId.DEFAULT);
                String root = defaultExperiment.artifactLocation();
                newRunArtifacts = root + "/<run_id>/artifacts (default experiment '" + defaultExperiment.name() + "')";
                checks.add(artifactCheck(tracking, root, ctx));
                if (!tracking.isRemote()) {
                    // a server's recorded locations are paths on the server's machine: only it can check them
                    dangling = ArtifactLocationDoctor.check(tracking.store(), uri.redacted(),
                            uri.isLocalDirectory() ? uri.localPath(ctx.workingDir()) : null);
                    checks.add(danglingCheck(dangling));
                }
            } catch (RuntimeException e) {
                checks.add(new Check("store", false, message(e)));
            }
        }

        List<String> advice = new ArrayList<>();
        advice.add("Log somewhere else: pass --tracking-uri or set MLFLOW_TRACKING_URI, e.g. file:///nas/mlruns, "
                + "sqlite:////data/mlflow.db, postgresql://user@host:5432/db, mysql://user@host:3306/db, http://tracking:5000.");
        if (resolved.rule() != ResolvedTrackingUri.Rule.ENVIRONMENT && ctx.env().get(TrackingUriResolver.ENV_VAR) != null) {
            advice.add("MLFLOW_TRACKING_URI is set but was overridden by --tracking-uri.");
        }
        advice.add("Artifacts of one experiment: cairn experiments create -n NAME --artifact-location URI; of every new "
                + "experiment on a server: cairn server --default-artifact-root URI (or --artifacts-destination URI when proxying).");
        advice.add("Existing runs and artifacts do not move when these settings change; copy them with a store-to-store migration.");

        Report report = new Report(uri.redacted(), resolved.rule().description(), storeType, location, newRunArtifacts, checks,
                dangling, advice);
        print(report);
        return checks.stream().allMatch(Check::ok) ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private void print(Report r) {
        if (common.json()) {
            Output.json(out(), r);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Tracking URI", r.trackingUri()));
        rows.add(List.of("Chosen by", r.rule()));
        rows.add(List.of("Store", r.storeType()));
        rows.add(List.of("Location", r.storeLocation()));
        rows.add(List.of("New run artifacts", r.newRunArtifacts()));
        for (Check c : r.checks()) {
            rows.add(List.of((c.ok() ? "[ok]   " : "[FAIL] ") + c.name(), c.detail()));
        }
        Output.table(out(), List.of("CAIRN DOCTOR", ""), rows);
        out().println();
        if (!r.danglingLocations().isEmpty()) {
            out().print(ArtifactLocationDoctor.render(r.danglingLocations()));
            out().println();
        }
        r.advice().forEach(a -> out().println("- " + a));
        out().flush();
    }

    /** A local path is usable when it (or, if missing, its nearest existing ancestor) is writable by this user. */
    static Check localCheck(String name, Path path, boolean directory) {
        if (Files.exists(path)) {
            if (directory != Files.isDirectory(path)) {
                return new Check(name, false, path + " exists but is not a " + (directory ? "directory" : "file"));
            }
            return Files.isWritable(path) && Files.isReadable(path)
                    ? new Check(name, true, path + " is readable and writable")
                    : new Check(name, false, path + " is not writable by user " + System.getProperty("user.name"));
        }
        Path ancestor = path.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null || !Files.isDirectory(ancestor)) {
            return new Check(name, false, path + " cannot be created: " + (ancestor == null ? "no existing parent" : ancestor + " is not a directory"));
        }
        return Files.isWritable(ancestor)
                ? new Check(name, true, path + " does not exist yet; can be created (" + ancestor + " is writable)")
                : new Check(name, false, path + " cannot be created: " + ancestor + " is not writable by user " + System.getProperty("user.name"));
    }

    private static Check danglingCheck(List<ArtifactLocationDoctor.Finding> findings) {
        if (findings.isEmpty()) {
            return new Check("recorded artifact locations", true, "every local location recorded in the store exists");
        }
        long commands = findings.stream().map(ArtifactLocationDoctor.Finding::fix).distinct().count();
        return new Check("recorded artifact locations", false, findings.size() + " point to places that no longer exist "
                + "(moved store or artifact root?); " + (commands == 1 ? "fix: " + findings.get(0).fix() : "see the fixes below"));
    }

    private static Check artifactCheck(CairnTracking tracking, String root, CliContext ctx) {
        if (root == null || root.isBlank()) {
            return new Check("artifact location", false, "the default experiment has no artifact location");
        }
        TrackingUri artifactUri = TrackingUri.parse(root);
        if (artifactUri.isLocalDirectory()) {
            return localCheck("artifact location", artifactUri.localPath(ctx.workingDir()), true);
        }
        // remote: prove reachability by listing, writability by writing and removing a probe file
        String probe = ".cairn-doctor-" + UUID.randomUUID();
        try (ArtifactRepository repo = tracking.openArtifactRepository(root)) {
            repo.list("");
            byte[] bytes = "cairn doctor write probe\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            repo.write(probe, new ByteArrayInputStream(bytes), bytes.length);
            repo.delete(probe);
            return new Check("artifact location", true, root + " is reachable and writable (probe written and removed)");
        } catch (RuntimeException e) {
            return new Check("artifact location", false, root + ": " + message(e));
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** sqlite:///relative.db and sqlite:////absolute.db, as SQLAlchemy reads them; null for in-memory. */
    static Path sqlitePath(TrackingUri uri, Path workingDir) {
        String path = uri.schemeSpecificPart();
        if (path.isEmpty() || path.equals("//") || path.contains(":memory:")) {
            return null;
        }
        String file = path.startsWith("///") ? path.substring(3) : path.startsWith("//") ? path.substring(2) : path;
        int query = file.indexOf('?');
        file = query >= 0 ? file.substring(0, query) : file;
        Path p = Path.of(file);
        return (p.isAbsolute() ? p : workingDir.resolve(p)).toAbsolutePath().normalize();
    }
}
