package dev.cairn.core.store;

/**
 * Receives the points of one metric history as primitives, one call per point: what a chart or a
 * summary needs from a million-point series without a million {@code Metric} records.
 */
@FunctionalInterface
public interface MetricPointSink {
    /** One point; {@code value} may be NaN or infinite, as logged. */
    void accept(long step, long timestamp, double value);
}
