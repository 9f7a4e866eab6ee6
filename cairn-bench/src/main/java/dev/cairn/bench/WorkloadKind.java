package dev.cairn.bench;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The workload set used to compare MLflow tracking servers, under the names that comparison uses. */
public enum WorkloadKind {
    LOG_METRIC_BATCH_10("LogMetricBatch10", true),
    LOG_PARAM_BATCH_10("LogParamBatch10", true),
    LOG_PARAM_BATCH_100("LogParamBatch100", true),
    CREATE_RUN("CreateRun", true),
    GET_RUN("GetRun", false),
    SEARCH_RUNS("SearchRuns", false),
    SEARCH_EXPERIMENTS("SearchExperiments", false),
    GET_METRIC_HISTORY("GetMetricHistory", false);

    private final String displayName;
    private final boolean writes;

    WorkloadKind(String displayName, boolean writes) {
        this.displayName = displayName;
        this.writes = writes;
    }

    public String displayName() {
        return displayName;
    }

    /** Whether the workload writes, and so needs its own experiment to write into. */
    public boolean writes() {
        return writes;
    }

    /** By display name, ignoring case; an unknown name fails with the list of known ones. */
    public static WorkloadKind parse(String name) {
        requireNonNull(name, "name is null");
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (WorkloadKind kind : values()) {
            if (kind.displayName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + knownNames());
    }

    public static String knownNames() {
        return Arrays.stream(values()).map(WorkloadKind::displayName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return displayName;
    }
}
