package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class WorkloadResultTest {

    @Test
    void percentilesComeFromTheRecordedLatencies() {
        Histogram micros = new Histogram(3);
        for (int millis = 1; millis <= 100; millis++) {
            micros.recordValue(millis * 1000L);
        }
        WorkloadResult result = new WorkloadResult("GetRun", 8, 100, 0, 2_000_000_000L, micros, null);

        // 3 significant digits: values are exact to within 0.1%.
        assertThat(result.p50Millis()).isCloseTo(50.0, within(0.05));
        assertThat(result.p99Millis()).isCloseTo(99.0, within(0.1));
        assertThat(result.requestsPerSecond()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void oneSlowOutlierMovesP99NotP50() {
        Histogram micros = new Histogram(3);
        for (int i = 0; i < 990; i++) {
            micros.recordValue(2_000);
        }
        for (int i = 0; i < 10; i++) {
            micros.recordValue(500_000);
        }
        WorkloadResult result = new WorkloadResult("SearchRuns", 8, 1000, 0, 1_000_000_000L, micros, null);

        assertThat(result.p50Millis()).isCloseTo(2.0, within(0.01));
        assertThat(result.p99Millis()).isCloseTo(2.0, within(0.01));
        assertThat(micros.getValueAtPercentile(99.5) / 1000.0).isCloseTo(500.0, within(1.0));
    }

    @Test
    void lineHasEveryColumnUnderTheHeader() {
        Histogram micros = new Histogram(3);
        micros.recordValue(1_250);
        WorkloadResult result = new WorkloadResult("LogMetricBatch10", 8, 1234, 5, 1_000_000_000L, micros, "HTTP 500: x");

        assertThat(result.line().split("\\s+"))
                .containsExactly("LogMetricBatch10", "8", "1234", "5", "1234.0", "1.25", "1.25");
        assertThat(WorkloadResult.header().split("\\s+"))
                .containsExactly("workload", "clients", "requests", "errors", "req/s", "p50", "ms", "p99", "ms");
        assertThat(result.line().length()).isEqualTo(WorkloadResult.header().length());
    }

    @Test
    void emptyMeasurementPrintsZeros() {
        WorkloadResult result = new WorkloadResult("CreateRun", 1, 0, 0, 0, new Histogram(3), null);

        assertThat(List.of(result.requestsPerSecond(), result.p50Millis(), result.p99Millis())).containsOnly(0.0);
    }
}
