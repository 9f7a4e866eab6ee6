package dev.cairn.core.search;

import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.Tag;
import java.util.List;

/** Reads the searchable values of a run; null means "the run has no such value". */
final class RunValues {
    static final List<String> TEXT_ATTRIBUTES = List.of("run_id", "run_name", "status", "artifact_uri", "user_id");
    static final List<String> NUMERIC_ATTRIBUTES = List.of("start_time", "end_time");

    private RunValues() {}

    /**
     * The latest value of a metric. {@link dev.cairn.core.model.RunData} normally holds one entry
     * per key; if a store passes several, the latest wins as in MLflow's latest_metrics: highest
     * step, then timestamp, then value.
     */
    static Double metric(Run run, String key) {
        Metric latest = null;
        for (Metric m : run.data().metrics()) {
            if (m.key().equals(key) && (latest == null || isLater(m, latest))) {
                latest = m;
            }
        }
        return latest == null ? null : latest.value();
    }

    static String param(Run run, String key) {
        for (Param p : run.data().params()) {
            if (p.key().equals(key)) {
                return p.value();
            }
        }
        return null;
    }

    static String tag(Run run, String key) {
        for (Tag t : run.data().tags()) {
            if (t.key().equals(key)) {
                return t.value();
            }
        }
        return null;
    }

    /** A string attribute (canonical key), or null when unset; status is its enum name. */
    static String textAttribute(RunInfo info, String key) {
        return switch (key) {
            case "run_id" -> info.runId().value();
            case "run_name" -> info.runName();
            case "status" -> info.status().name();
            case "artifact_uri" -> info.artifactUri();
            case "user_id" -> info.userId();
            case "experiment_id" -> info.experimentId().value();
            default -> throw new IllegalArgumentException("not a text attribute: " + key);
        };
    }

    /** A time attribute in epoch milliseconds, or null (end_time of a run that has not ended). */
    static Long numericAttribute(RunInfo info, String key) {
        return switch (key) {
            case "start_time" -> info.startTime();
            case "end_time" -> info.endTime();
            default -> throw new IllegalArgumentException("not a numeric attribute: " + key);
        };
    }

    private static boolean isLater(Metric a, Metric b) {
        if (a.step() != b.step()) {
            return a.step() > b.step();
        }
        if (a.timestamp() != b.timestamp()) {
            return a.timestamp() > b.timestamp();
        }
        return Double.compare(a.value(), b.value()) > 0;
    }
}
