package dev.cairn.server.ui;

import static dev.cairn.server.ui.RestFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long series nothing holds yet is drawn and summarised from the SQL store's outline, then read whole in
 * the background; an outline that misses points written past Cairn is not used.
 */
class MetricOutlineSeriesTest {
    static final int POINTS = 120_000;
    static final int SPIKE_STEP = 77_777;

    @TempDir
    Path dir;

    static double valueAt(int s) {
        return s == SPIKE_STEP ? 50.0 : 1.0 / (1 + s);
    }

    @Test
    void longSeriesIsDrawnFromTheOutlineThenFromTheWholeHistory() throws Exception {
        String runId;
        try (UiTestServer server = UiTestServer.start(dir, "outline", "sqlite")) {
            RestFixture rest = new RestFixture(server.url());
            runId = rest.createRun(rest.createExperiment("long"), "r", 1L);
            for (int b = 0; b < POINTS / 1000; b++) {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int s = b * 1000; s < (b + 1) * 1000; s++) {
                    batch.add(metric("loss", valueAt(s), 1_000L + s, s));
                }
                rest.logBatch(runId, batch, Map.of(), Map.of());
            }

            JsonNode first = series(rest, runId);
            assertThat(first.get("source").asText()).isEqualTo("outline");
            assertThat(first.get("total_points").asLong()).isEqualTo(POINTS);
            assertThat(first.get("x").size()).isLessThanOrEqualTo(2000);
            assertThat(first.get("max").asDouble()).isEqualTo(50.0);
            // the line ends on the true last point, not on its bucket's extreme
            assertThat(last(first.get("x")).asLong()).isEqualTo(POINTS - 1);
            assertThat(last(first.get("y")).asDouble()).isEqualTo(valueAt(POINTS - 1));

            JsonNode summary = rest.getUi("/metrics/summary?run_id=" + runId).get("metrics").get(0);
            assertThat(summary.get("count").asLong()).isEqualTo(POINTS);
            assertThat(summary.get("max").asDouble()).isEqualTo(50.0);
            assertThat(summary.get("min").asDouble()).isEqualTo(valueAt(POINTS - 1));

            // the background read makes the whole history the source, with the same answer
            JsonNode whole = first;
            for (int i = 0; i < 200 && whole.get("source").asText().equals("outline"); i++) {
                Thread.sleep(50);
                whole = series(rest, runId);
            }
            assertThat(whole.get("source").asText()).isEqualTo("history");
            assertThat(whole.get("total_points").asLong()).isEqualTo(POINTS);
            assertThat(whole.get("max").asDouble()).isEqualTo(50.0);
            // a zoomed range is always cut from the whole history
            assertThat(rest.getUi("/metrics/series?run_id=" + runId + "&metric_key=loss&x_min=100&x_max=200").get("series").get(0)
                    .get("source").asText()).isEqualTo("history");
        }

        // A point written to the database past Cairn (as MLflow writing to it directly would): the outline no
        // longer ends with the run's latest point, so a fresh server reads the history.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("outline.db"));
                Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('loss', 7.0, 999999, '"
                    + runId + "', " + POINTS + ", 0)");
            st.executeUpdate("UPDATE latest_metrics SET value = 7.0, timestamp = 999999, step = " + POINTS + " WHERE run_uuid = '"
                    + runId + "' AND key = 'loss'");
        }
        try (UiTestServer server = UiTestServer.start(dir, "outline", "sqlite")) {
            RestFixture rest = new RestFixture(server.url());
            JsonNode series = series(rest, runId);
            assertThat(series.get("source").asText()).isEqualTo("history");
            assertThat(series.get("total_points").asLong()).isEqualTo(POINTS + 1);
            assertThat(rest.getUi("/metrics/summary?run_id=" + runId).get("metrics").get(0).get("count").asLong()).isEqualTo(POINTS + 1);
        }
    }

    private static JsonNode series(RestFixture rest, String runId) {
        return rest.getUi("/metrics/series?run_id=" + runId + "&metric_key=loss&max_points=2000").get("series").get(0);
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }
}
