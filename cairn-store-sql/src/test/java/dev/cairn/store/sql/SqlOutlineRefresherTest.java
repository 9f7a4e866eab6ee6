package dev.cairn.store.sql;

import static dev.cairn.store.sql.SqlSchemaTest.queryStrings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.RunId;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outline table is brought up to date behind the writers: on a timer, and when the store closes. */
class SqlOutlineRefresherTest {
    @TempDir
    Path dir;

    private static List<Metric> points(int from, int to) {
        List<Metric> points = new ArrayList<>();
        for (int s = from; s < to; s++) {
            points.add(new Metric("loss", 1.0 / (1 + s), 1_000L + s, s));
        }
        return points;
    }

    private SqlTrackingStore open(Path db) {
        return SqlTrackingStore.open(TrackingUri.parse("sqlite:///" + db), new StoreConfig(null, dir));
    }

    private static RunId newRun(SqlTrackingStore store) {
        ExperimentId exp = store.createExperiment("e", null, List.of());
        return store.createRun(new CreateRunRequest(exp, "u", 1L, List.of(), "r")).info().runId();
    }

    private List<String> buckets(Path db) throws Exception {
        return queryStrings(db, "SELECT bucket || ':' || point_count FROM cairn_metric_buckets ORDER BY bucket");
    }

    @Test
    void writtenPointsReachTheOutlineWithinAboutASecondWithoutBeingRead() throws Exception {
        Path db = dir.resolve("timer.db");
        try (SqlTrackingStore store = open(db)) {
            RunId run = newRun(store);
            store.logBatch(run, points(0, 100), List.of(), List.of());
            long deadline = System.currentTimeMillis() + 10 * SqlOutlineRefresher.PERIOD_MILLIS;
            while (buckets(db).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(buckets(db)).containsExactly("0:64", "1:36");
        }
    }

    @Test
    void closingTheStoreWritesWhatIsPending() throws Exception {
        Path db = dir.resolve("close.db");
        try (SqlTrackingStore store = open(db)) {
            RunId run = newRun(store);
            store.logBatch(run, points(0, 64), List.of(), List.of());
            store.logBatch(run, points(60, 130), List.of(), List.of()); // four points sent again: counted once
        }
        assertThat(buckets(db)).containsExactly("0:64", "1:64", "2:2");
    }
}
