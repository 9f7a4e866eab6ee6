package dev.cairn.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every line shape a metric file may hold reads the same whether it takes the writers' fast path or not. */
class MetricLinesTest {
    @TempDir
    Path dir;

    @Test
    void everyLineShapeIsReadOrSkipped() throws Exception {
        Path file = dir.resolve("m");
        Files.writeString(file, String.join("\n",
                "1700000000000 0.5 0", // as MLflow and Cairn write it
                "1700000000001 -2.25 1",
                "1700000000002 1e-3 -3", // exponent, negative step
                "1700000000003 .5 4",
                "1700000000004  7.0  5", // extra spaces
                "1700000000005 8.0", // MLflow's older two-field lines: step 0
                "1700000000006 nan 6",
                "1700000000007 -inf 7",
                "1700000000008 Infinity 8",
                "1700000000009 9.0 9\r", // CRLF
                "+1700000000010 10.0 10", // explicit plus sign
                "1700000000011 x 11", // malformed: skipped
                "1700000000012 12.0 12 extra", // malformed: skipped
                "12345678901234567890 1.0 13", // timestamp out of range: skipped
                "1700000000014 14.0 14",
                "1700000000015 15.0 1")); // no newline: a partial last line is not read
        List<Metric> read = MetricLines.history(file, "m");
        assertThat(read).containsExactly(
                new Metric("m", 1e-3, 1700000000002L, -3),
                new Metric("m", 0.5, 1700000000000L, 0),
                new Metric("m", 8.0, 1700000000005L, 0),
                new Metric("m", -2.25, 1700000000001L, 1),
                new Metric("m", .5, 1700000000003L, 4),
                new Metric("m", 7.0, 1700000000004L, 5),
                new Metric("m", Double.NaN, 1700000000006L, 6),
                new Metric("m", Double.NEGATIVE_INFINITY, 1700000000007L, 7),
                new Metric("m", Double.POSITIVE_INFINITY, 1700000000008L, 8),
                new Metric("m", 9.0, 1700000000009L, 9),
                new Metric("m", 10.0, 1700000000010L, 10),
                new Metric("m", 14.0, 1700000000014L, 14));
        List<Metric> streamed = new ArrayList<>();
        assertThat(MetricLines.stream(file, "m", Long.MIN_VALUE, (step, timestamp, value) -> streamed.add(new Metric("m", value, timestamp, step))))
                .isEqualTo(read.size());
        assertThat(streamed).containsExactlyElementsOf(read);
    }
}
