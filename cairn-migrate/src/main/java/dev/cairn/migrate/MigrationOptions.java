package dev.cairn.migrate;

import java.util.List;

/**
 * What a migration copies and how.
 *
 * @param artifactsTo root the artifacts move under; null means next to a directory target, or (for other
 *     targets) artifacts stay where they are recorded
 * @param experiments experiment ids or names to copy; empty means all
 * @param runIds run ids to copy; empty means all runs of the chosen experiments
 * @param runFilter an MLflow search filter runs must match (e.g. {@code metrics.acc > 0.9}); null means all
 * @param dryRun check and report what would be copied, write nothing
 * @param verify compare source and target entity by entity after copying
 * @param threads runs copied and verified at once (each run is still imported atomically on its own)
 */
public record MigrationOptions(
        String artifactsTo, List<String> experiments, List<String> runIds, String runFilter, boolean dryRun, boolean verify,
        int threads) {
    public static final int DEFAULT_THREADS = 4;

    public MigrationOptions {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be between 1 and 64, got " + threads);
        }
        experiments = List.copyOf(experiments);
        runIds = List.copyOf(runIds);
        if (artifactsTo != null && artifactsTo.isBlank()) {
            artifactsTo = null;
        }
        if (runFilter != null && runFilter.isBlank()) {
            runFilter = null;
        }
    }

    /** Everything, artifacts placed by default, verified. */
    public static MigrationOptions all() {
        return new MigrationOptions(null, List.of(), List.of(), null, false, true, DEFAULT_THREADS);
    }

    public MigrationOptions withArtifactsTo(String root) {
        return new MigrationOptions(root, experiments, runIds, runFilter, dryRun, verify, threads);
    }

    public MigrationOptions withExperiments(List<String> ids) {
        return new MigrationOptions(artifactsTo, ids, runIds, runFilter, dryRun, verify, threads);
    }

    public MigrationOptions withRunIds(List<String> ids) {
        return new MigrationOptions(artifactsTo, experiments, ids, runFilter, dryRun, verify, threads);
    }

    public MigrationOptions withRunFilter(String filter) {
        return new MigrationOptions(artifactsTo, experiments, runIds, filter, dryRun, verify, threads);
    }

    public MigrationOptions withDryRun(boolean dry) {
        return new MigrationOptions(artifactsTo, experiments, runIds, runFilter, dry, verify, threads);
    }

    public MigrationOptions withThreads(int n) {
        return new MigrationOptions(artifactsTo, experiments, runIds, runFilter, dryRun, verify, n);
    }

    public MigrationOptions withVerify(boolean v) {
        return new MigrationOptions(artifactsTo, experiments, runIds, runFilter, dryRun, v, threads);
    }
}
