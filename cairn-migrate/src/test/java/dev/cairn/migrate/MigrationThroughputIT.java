package dev.cairn.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.store.RunBundle;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration throughput for a store of 1,000 runs and 1,000,000 metric points: directory → SQLite, then
 * SQLite → PostgreSQL. Takes minutes, so it runs only when asked:
 * {@code ./mvnw -B -pl cairn-migrate test -Dtest=MigrationThroughputIT -Dcairn.throughput=true}.
 */
@EnabledIfSystemProperty(named = "cairn.throughput", matches = "true")
class MigrationThroughputIT {
    static final int RUNS = Integer.getInteger("cairn.throughput.runs", 1000);
    static final int POINTS_PER_RUN = Integer.getInteger("cairn.throughput.points", 1000);

    @TempDir
    Path dir;

    @Test
    void measure() {
        StoreConfig config = new StoreConfig(null, dir);
        String source = dir.resolve("mlruns").toString();
        long t0 = System.nanoTime();
        try (MigrationEndpoint s = MigrationEndpoint.openTarget(TrackingUri.parse(source), config)) {
            long now = System.currentTimeMillis();
            String root = Locations.fileUri(s.directoryRoot());
            for (int e = 1; e <= 4; e++) {
                s.importer().importExperiment(new Experiment(ExperimentId.of(String.valueOf(e)), "exp-" + e, root + "/" + e,
                        LifecycleStage.ACTIVE, now, now, List.of(new Tag("k", "v"))));
            }
            for (int r = 0; r < RUNS; r++) {
                ExperimentId exp = ExperimentId.of(String.valueOf(1 + r % 4));
                RunId id = RunId.random();
                List<Metric> points = new ArrayList<>(POINTS_PER_RUN);
                for (int i = 0; i < POINTS_PER_RUN; i++) {
                    points.add(new Metric(i % 2 == 0 ? "loss" : "acc", Math.sin(i) * r, now + i, i / 2));
                }
                s.importer().importRun(new RunBundle(new RunInfo(id, exp, "run-" + r, "bench", RunStatus.FINISHED, now + r,
                        now + r + 1000, root + "/" + exp + "/" + id + "/artifacts", LifecycleStage.ACTIVE),
                        List.of(new Param("lr", "0.1"), new Param("seed", String.valueOf(r))),
                        List.of(new Tag("mlflow.runName", "run-" + r)), List.of(), points));
            }
        }
        System.out.printf("fixture: %d runs x %d points written in %.1f s%n", RUNS, POINTS_PER_RUN, (System.nanoTime() - t0) / 1e9);

        String sqlite = "sqlite:///" + dir.resolve("bench.db");
        MigrationResult toSqlite = migrate(source, sqlite, config);
        report("directory -> SQLite", toSqlite);

        String db = TestDatabases.uniqueName();
        String postgres = TestDatabases.createPostgres(db);
        try {
            MigrationResult toPostgres = migrate(sqlite, postgres, config);
            report("SQLite -> PostgreSQL", toPostgres);
        } finally {
            TestDatabases.dropPostgres(db);
        }
    }

    private static MigrationResult migrate(String from, String to, StoreConfig config) {
        try (MigrationEndpoint s = MigrationEndpoint.openSource(TrackingUri.parse(from), config);
                MigrationEndpoint t = MigrationEndpoint.openTarget(TrackingUri.parse(to), config)) {
            MigrationResult result = new Migration(s, t, MigrationOptions.all(), MigrationProgress.NONE).run();
            assertThat(result.verification().ok()).as(() -> result.verification().differences().stream().limit(3).toList().toString()).isTrue();
            assertThat(result.metricPointsCopied()).isEqualTo((long) RUNS * POINTS_PER_RUN);
            return result;
        }
    }

    private static void report(String what, MigrationResult r) {
        System.out.printf("%s: %d runs, %d metric points copied in %.1f s = %.1f runs/s, %.0f metric points/s;"
                        + " verification %.1f s (%.0f points/s read on both sides)%n", what, r.runsCopied(), r.metricPointsCopied(),
                r.copyTime().toNanos() / 1e9, r.runsPerSecond(), r.metricPointsPerSecond(), r.verifyTime().toNanos() / 1e9,
                r.metricPointsCopied() / Math.max(r.verifyTime().toNanos() / 1e9, 1e-9));
    }
}
