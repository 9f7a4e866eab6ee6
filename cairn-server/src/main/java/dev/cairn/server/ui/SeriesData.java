package dev.cairn.server.ui;

import static java.util.Objects.requireNonNull;

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
