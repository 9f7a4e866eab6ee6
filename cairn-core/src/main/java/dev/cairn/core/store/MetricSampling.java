package dev.cairn.core.store;

import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** Step sampling for get-history-bulk-interval, shared by backends that do not push it into a query. */
public final class MetricSampling {
    private static final int PAGE = 25_000;

    private MetricSampling() {}

    static List<RunMetric> bulkInterval(
            TrackingStore store, List<RunId> runIds, String key, Long startStep, Long endStep, int maxResults) {
        List<RunMetric> out = new ArrayList<>();
        for (RunId runId : runIds) {
            TreeMap<Long, List<Metric>> byStep = new TreeMap<>();
            PageToken token = PageToken.FIRST;
            while (token != null) {
                Page<Metric> page = store.getMetricHistory(runId, key, PAGE, token);
                for (Metric m : page.items()) {
                    if ((startStep == null || m.step() >= startStep) && (endStep == null || m.step() <= endStep)) {
                        byStep.computeIfAbsent(m.step(), s -> new ArrayList<>()).add(m);
                    }
                }
                token = page.nextPageToken() == null ? null : PageToken.parse(page.nextPageToken());
            }
            for (long step : sampleSteps(new ArrayList<>(byStep.keySet()), maxResults)) {
                for (Metric m : byStep.get(step)) {
                    out.add(new RunMetric(runId, m));
                }
            }
        }
        return out;
    }

    /** Picks at most {@code max} steps spread evenly over the sorted list, always keeping first and last. */
    public static List<Long> sampleSteps(List<Long> sortedSteps, int max) {
        int n = sortedSteps.size();
        if (n <= max) {
            return sortedSteps;
        }
        TreeSet<Long> chosen = new TreeSet<>();
        if (max == 1) {
            chosen.add(sortedSteps.get(0));
            return new ArrayList<>(chosen);
        }
        for (int i = 0; i < max; i++) {
            long index = Math.round((double) i * (n - 1) / (max - 1));
            chosen.add(sortedSteps.get((int) index));
        }
        return new ArrayList<>(chosen);
    }
}
