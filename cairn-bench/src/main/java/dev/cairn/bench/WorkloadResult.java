package dev.cairn.bench;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * One workload's measurement: latencies in microseconds in an HdrHistogram.
 *
 * @param elapsedNanos the measured window, from the end of warm-up to the last completed request
 * @param firstError the first failed request's status and body, or null
 */
public record WorkloadResult(String name, int clients, long requests, long errors, long elapsedNanos,
        Histogram latencyMicros, String firstError) {

    public WorkloadResult {
        requireNonNull(name, "name is null");
        requireNonNull(latencyMicros, "latencyMicros is null");
    }

    public double requestsPerSecond() {
        return elapsedNanos <= 0 ? 0 : requests * 1e9 / elapsedNanos;
    }

    public double p50Millis() {
        return percentileMillis(50);
    }

    public double p99Millis() {
        return percentileMillis(99);
    }

    private double percentileMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    private static final String FORMAT = "%-18s %7s %10s %8s %10s %10s %10s";

    public static String header() {
        return String.format(Locale.ROOT, FORMAT, "workload", "clients", "requests", "errors", "req/s", "p50 ms", "p99 ms");
    }

    /** One table line: name, clients, requests, errors, req/s, p50 ms, p99 ms. */
    public String line() {
        return String.format(Locale.ROOT, FORMAT, name, clients, requests, errors,
                String.format(Locale.ROOT, "%.1f", requestsPerSecond()),
                String.format(Locale.ROOT, "%.2f", p50Millis()),
                String.format(Locale.ROOT, "%.2f", p99Millis()));
    }
}
