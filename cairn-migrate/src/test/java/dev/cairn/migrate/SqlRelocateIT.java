package dev.cairn.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.artifacts.RelocatingArtifactResolver;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.migrate.StoreMaintenance.LocationChange;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn relocate} on SQL stores, and the limits of MLflow's SQL schema a migration must respect. */
class SqlRelocateIT {
    @TempDir
    Path dir;

    @Test
    void relocatesLocationsInSqliteInPathAndUriForm() {
        checkRelocation("sqlite:///" + dir.resolve("r.db"));
    }

    @Test
    void relocatesLocationsInPostgres() {
        String db = TestDatabases.uniqueName();
        try {
            checkRelocation(TestDatabases.createPostgres(db));
        } finally {
            TestDatabases.dropPostgres(db);
        }
    }

    @Test
    void relocatesLocationsInMariaDb() {
        String db = TestDatabases.uniqueName();
        try {
            checkRelocation(TestDatabases.createMariaDb(db));
        } finally {
            TestDatabases.dropMariaDb(db);
        }
    }

    private void checkRelocation(String uri) {
        StoreConfig config = new StoreConfig(null, dir);
        List<String> runs = SourceFixture.populate(uri, dir, 0, 5);
        String defaultRoot = dir.resolve("mlruns").toString(); // where the SQL store put artifacts (plain paths)
        String newRoot = dir.resolve("moved/artifacts").toString();
        try (TrackingStore store = SourceFixture.open(uri, dir)) {
            assertThat(store.getRun(RunId.of(runs.get(0))).info().artifactUri()).startsWith(defaultRoot + "/0/");
        }
        List<LocationChange> dry = ArtifactLocationRelocation.relocate(TrackingUri.parse(uri), config, defaultRoot, newRoot, true);
        assertThat(dry).hasSize(4 + runs.size());
        try (TrackingStore store = SourceFixture.open(uri, dir)) {
            assertThat(store.getRun(RunId.of(runs.get(0))).info().artifactUri()).startsWith(defaultRoot + "/0/");
        }
        // the file:// spelling of the same directory matches too
        List<LocationChange> done = ArtifactLocationRelocation.relocate(TrackingUri.parse(uri), config,
                "file://" + defaultRoot, newRoot, false);
        assertThat(done).isEqualTo(dry);
        try (TrackingStore store = SourceFixture.open(uri, dir)) {
            for (String id : runs) {
                Run run = store.getRun(RunId.of(id));
                assertThat(run.info().artifactUri()).isEqualTo(newRoot + "/" + run.info().experimentId() + "/" + id + "/artifacts");
            }
            assertThat(store.getExperiment(ExperimentId.of("0")).artifactLocation()).isEqualTo(newRoot + "/0");
        }
        // nothing left under the old prefix; a prefix that is only a string prefix matches nothing
        assertThat(ArtifactLocationRelocation.relocate(TrackingUri.parse(uri), config, defaultRoot, newRoot, false)).isEmpty();
        assertThat(ArtifactLocationRelocation.relocate(TrackingUri.parse(uri), config, newRoot.substring(0, newRoot.length() - 3),
                "/x", false)).isEmpty();
        assertThatThrownBy(() -> ArtifactLocationRelocation.relocate(TrackingUri.parse(uri), config, newRoot, newRoot + "/sub", false))
                .hasMessageContaining("lies inside the old one");
    }

    @Test
    void doctorFindsAMovedArtifactRootOfASqlStoreAndRelocateFixesIt() throws Exception {
        String uri = "sqlite:///" + dir.resolve("d.db");
        List<String> runs = SourceFixture.populate(uri, dir, 0, 5);
        java.nio.file.Files.move(dir.resolve("mlruns"), dir.resolve("archive"));
        List<ArtifactLocationDoctor.Finding> findings = ArtifactLocationDoctor.check(TrackingUri.parse(uri), new StoreConfig(null, dir));
        assertThat(findings).hasSize(4 + runs.size());
        assertThat(findings).extracting(ArtifactLocationDoctor.Finding::oldRoot).containsOnly(dir.resolve("mlruns").toString());
        assertThat(ArtifactLocationDoctor.render(findings)).contains("cairn relocate --store " + uri + " --from "
                + dir.resolve("mlruns") + " --to '<where it is now>'");

        ArtifactLocationRelocation.relocate(TrackingUri.parse(uri), new StoreConfig(null, dir), dir.resolve("mlruns").toString(),
                dir.resolve("archive").toString(), false);
        assertThat(ArtifactLocationDoctor.check(TrackingUri.parse(uri), new StoreConfig(null, dir))).isEmpty();
        try (TrackingStore store = SourceFixture.open(uri, dir);
                var repo = dev.cairn.artifacts.ArtifactRepositories.open(store.getRun(RunId.of(runs.get(0))).info().artifactUri())) {
            assertThat(ArtifactTrees.fingerprints(repo)).containsKeys("model/model.bin", "plots/deep/dir/loss.txt");
        }
    }

    @Test
    void eighteenDigitDirectoryIdsCannotBeKeptInPostgresAndNothingIsWritten() {
        StoreConfig config = new StoreConfig(null, dir);
        String source = dir.resolve("mlruns").toString();
        try (MigrationEndpoint s = MigrationEndpoint.openTarget(TrackingUri.parse(source), config)) {
            s.store().createExperiment("modern", null, List.of()); // MLflow 2.x and Cairn draw 18-digit ids
        }
        String db = TestDatabases.uniqueName();
        String postgres = TestDatabases.createPostgres(db);
        try (MigrationEndpoint s = MigrationEndpoint.openSource(TrackingUri.parse(source), config);
                MigrationEndpoint t = MigrationEndpoint.openTarget(TrackingUri.parse(postgres), config)) {
            assertThatThrownBy(() -> new Migration(s, t, MigrationOptions.all(), MigrationProgress.NONE).run())
                    .isInstanceOfSatisfying(MigrationConflictException.class, e -> assertThat(e.conflicts()).singleElement()
                            .asString().contains("('modern'): the id cannot be kept").contains("holds ids up to 2147483647"));
            assertThat(RelocatingArtifactResolver.allExperiments(t.store())).extracting(Experiment::name).containsExactly("Default");
            assertThat(t.store().getExperiment(ExperimentId.DEFAULT).lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        } finally {
            TestDatabases.dropPostgres(db);
        }
    }
}
