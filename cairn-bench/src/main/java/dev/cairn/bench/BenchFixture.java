package dev.cairn.bench;

import java.util.List;

/**
 * The data the workloads read and write: made by {@link FixtureSetup} before any clock starts.
 * A part a selected workload does not need is null.
 *
 * @param searchData an experiment of runs with params, metrics and tags (SearchRuns, GetRun)
 * @param historyData a run with one long metric history (GetMetricHistory)
 * @param writeExperimentId a fresh experiment the write workloads log into
 */
public record BenchFixture(SearchData searchData, HistoryData historyData, String writeExperimentId) {

    public record SearchData(String experimentId, List<String> runIds) {
        public SearchData {
            runIds = List.copyOf(runIds);
        }
    }

    public record HistoryData(String experimentId, String runId, String metricKey, int points) {}
}
