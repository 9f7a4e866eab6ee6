package dev.cairn.bench;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What one bench invocation runs.
 *
 * @param historyPageSize max_results per get-history request; 0 asks for the whole history at once
 * @param appenderUrl a second server over the same store that a background client appends through
 *     while each workload runs, or null for none
 * @param appenderRate the appender's log-batch requests per second
 */
public record BenchConfig(URI url, int clients, Duration duration, Duration warmup, List<WorkloadKind> workloads,
        int runs, int historyPoints, int historyClients, int historyPageSize, URI appenderUrl, double appenderRate) {

    public BenchConfig {
        requireNonNull(url, "url is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(warmup, "warmup is null");
        workloads = List.copyOf(requireNonNull(workloads, "workloads is null"));
        if (clients < 1 || historyClients < 1) {
            throw new IllegalArgumentException("clients must be at least 1");
        }
        if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("duration must be positive and warm-up not negative");
        }
        if (workloads.isEmpty()) {
            throw new IllegalArgumentException("no workload selected");
        }
        if (runs < 1 || historyPoints < 1 || historyPageSize < 0) {
            throw new IllegalArgumentException("runs and history points must be at least 1, page size not negative");
        }
        if (!(appenderRate > 0) || Double.isInfinite(appenderRate)) {
            throw new IllegalArgumentException("appender rate must be a positive number of batches per second");
        }
        if (appenderUrl != null && !isHttp(appenderUrl)) {
            throw new IllegalArgumentException("appender url must be an http:// or https:// server URL: " + appenderUrl);
        }
    }

    private static boolean isHttp(URI uri) {
        String scheme = uri.getScheme();
        return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
    }

    boolean appends() {
        return appenderUrl != null;
    }

    boolean needs(WorkloadKind kind) {
        return workloads.contains(kind);
    }

    /** The appender writes into the search experiment's runs, so it needs them whatever the workloads. */
    boolean needsSearchData() {
        return needs(WorkloadKind.GET_RUN) || needs(WorkloadKind.SEARCH_RUNS) || appends();
    }

    boolean needsWriteExperiment() {
        return workloads.stream().anyMatch(WorkloadKind::writes);
    }
}
