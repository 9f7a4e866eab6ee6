package dev.cairn.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * directory → SQLite → PostgreSQL → MariaDB → directory: every hop ends with a clean verification, and the last
 * directory holds exactly what the first one held, entity by entity and artifact byte by byte.
 */
class MigrationRoundTripIT {
    @TempDir
    Path dir;

    @Test
    void everyEntityAndArtifactSurvivesTheRoundTrip() {
        String origin = dir.resolve("origin/mlruns").toString();
        List<String> runs = SourceFixture.populate(origin, dir, 4, 300);
        String postgresDb = TestDatabases.uniqueName();
        String mariaDb = TestDatabases.uniqueName();
        String postgres = TestDatabases.createPostgres(postgresDb);
        String maria = TestDatabases.createMariaDb(mariaDb);
        try {
            String sqlite = "sqlite:///" + dir.resolve("hop1/mlflow.db");
            dir.resolve("hop1").toFile().mkdirs();
            MigrationResult first = migrate(origin, sqlite, MigrationOptions.all().withArtifactsTo(dir.resolve("hop1/artifacts").toString()));
            assertThat(first.runsCopied()).isEqualTo(runs.size());
            assertThat(first.artifactFilesCopied()).isPositive();

            // no --artifacts-to into a database: the artifacts stay where the SQLite store recorded them
            MigrationResult second = migrate(sqlite, postgres, MigrationOptions.all());
            assertThat(second.artifactFilesCopied()).isZero();

            MigrationResult third = migrate(postgres, maria,
                    MigrationOptions.all().withArtifactsTo("file://" + dir.resolve("hop3/artifacts")));
            assertThat(third.artifactFilesCopied()).isEqualTo(first.artifactFilesCopied());

            String back = dir.resolve("back/mlruns").toString();
            MigrationResult fourth = migrate(maria, back, MigrationOptions.all());
            assertThat(fourth.runsCopied()).isEqualTo(runs.size());

            for (MigrationResult r : List.of(first, second, third, fourth)) {
                System.out.println(r.verification().summary());
                assertThat(r.verification().ok()).as(r.verification().render()).isTrue();
                assertThat(r.verification().count("run")).isEqualTo(runs.size());
                assertThat(r.verification().total("metric_points")).isEqualTo(first.metricPointsCopied());
            }

            try (MigrationEndpoint a = MigrationEndpoint.openSource(TrackingUri.parse(origin), new StoreConfig(null, dir));
                    MigrationEndpoint b = MigrationEndpoint.openSource(TrackingUri.parse(back), new StoreConfig(null, dir))) {
                SortedMap<String, EntityDigest> before = StoreDigests.of(a);
                SortedMap<String, EntityDigest> after = StoreDigests.of(b);
                assertThat(before).hasSize(runs.size() + 4);
                assertThat(StoreDigests.differences(before, after)).isEmpty();
            }
        } finally {
            TestDatabases.dropPostgres(postgresDb);
            TestDatabases.dropMariaDb(mariaDb);
        }
    }

    private MigrationResult migrate(String from, String to, MigrationOptions options) {
        StoreConfig config = new StoreConfig(null, dir);
        try (MigrationEndpoint source = MigrationEndpoint.openSource(TrackingUri.parse(from), config);
                MigrationEndpoint target = MigrationEndpoint.openTarget(TrackingUri.parse(to), config)) {
            return new Migration(source, target, options, MigrationProgress.NONE).run();
        }
    }
}
