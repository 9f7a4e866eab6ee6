package dev.cairn.server.ui;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.Metric;
import dev.cairn.core.store.MetricOutline;
import java.util.Arrays;

/**
 * Every point of one metric of one run, as parallel primitive arrays (a million points is 24 MB
 * this way, several times that as records), in the store's order: step, then timestamp, then value.
 */
public record SeriesData(long[] steps, long[] timestamps, double[] values) {
    /** No points: a metric the run has not logged. */
    public static final SeriesData EMPTY = new SeriesData(new long[0], new long[0], new double[0]);

    public SeriesData {
        requireNonNull(steps, "steps is null");
        requireNonNull(timestamps, "timestamps is null");
        requireNonNull(values, "values is null");
        if (steps.length != timestamps.length || steps.length != values.length) {
            throw new IllegalArgumentException("arrays differ in length");
        }
    }

    /**
     * Points standing for a store's outline of a series: each bucket's least value at its first step and
     * time and its greatest at its last (a bucket is far narrower than a pixel when an outline is drawn, so
     * where inside it they fall does not show), then the latest point itself, so the line ends on the true
     * last value. A bucket without finite values gives one NaN point: a gap, as in the whole series.
     */
    public static SeriesData fromOutline(MetricOutline outline, Metric latest) {
        int capacity = 2 * outline.buckets().size() + 1;
        long[] steps = new long[capacity];
        long[] timestamps = new long[capacity];
        double[] values = new double[capacity];
        int n = 0;
        for (MetricOutline.Bucket b : outline.buckets()) {
            steps[n] = b.minStep();
            timestamps[n] = b.minTimestamp();
            values[n++] = b.min();
            if (b.count() > 1 && !Double.isNaN(b.max())) {
                steps[n] = b.maxStep();
                timestamps[n] = b.maxTimestamp();
                values[n++] = b.max();
            }
        }
        steps[n] = latest.step();
        timestamps[n] = latest.timestamp();
        values[n++] = latest.value();
        return new SeriesData(Arrays.copyOf(steps, n), Arrays.copyOf(timestamps, n), Arrays.copyOf(values, n));
    }

    public int size() {
        return values.length;
    }

    /** The x values for an axis: steps, or wall-clock milliseconds. */
    public long[] x(XAxis axis) {
        return axis == XAxis.STEP ? steps : timestamps;
    }

    public enum XAxis {
        STEP,
        TIME
    }
}
