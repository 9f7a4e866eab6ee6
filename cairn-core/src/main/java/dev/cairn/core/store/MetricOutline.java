package dev.cairn.core.store;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.Metric;
import java.util.List;

/**
 * One metric of one run summarised per range of consecutive steps, kept by the store beside the history:
 * how a chart of a million-point series is drawn from thousands of rows instead of a million points.
 * Buckets are in step order and do not overlap; each gives its points' count, step and timestamp
 * ranges, and its least and greatest finite value (NaN when it holds none: only NaN or infinite points).
 */
public record MetricOutline(List<Bucket> buckets) {
    public record Bucket(long count, long minStep, long maxStep, long minTimestamp, long maxTimestamp, double min, double max) {}

    public MetricOutline {
        buckets = List.copyOf(requireNonNull(buckets, "buckets is null"));
    }

    public long pointCount() {
        long n = 0;
        for (Bucket b : buckets) {
            n += b.count();
        }
        return n;
    }

    /** The least finite value of the series; NaN when it has none. */
    public double min() {
        double min = Double.NaN;
        for (Bucket b : buckets) {
            if (!Double.isNaN(b.min()) && !(b.min() >= min)) {
                min = b.min();
            }
        }
        return min;
    }

    /** The greatest finite value of the series; NaN when it has none. */
    public double max() {
        double max = Double.NaN;
        for (Bucket b : buckets) {
            if (!Double.isNaN(b.max()) && !(b.max() <= max)) {
                max = b.max();
            }
        }
        return max;
    }

    /**
     * Whether the outline holds the run's latest point of the metric (as every store keeps it). It does not
     * when points reached the history past the store that keeps the outline (MLflow writing to the same
     * database), and a reader must then read the history itself.
     */
    public boolean endsWith(Metric latest) {
        if (buckets.isEmpty()) {
            return false;
        }
        Bucket last = buckets.getLast();
        return last.maxStep() == latest.step() && last.maxTimestamp() >= latest.timestamp();
    }
}
