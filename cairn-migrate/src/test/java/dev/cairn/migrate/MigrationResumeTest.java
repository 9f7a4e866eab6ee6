package dev.cairn.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.artifacts.RelocatingArtifactResolver;
import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.RunId;
import dev.cairn.core.store.ImportableTrackingStore;
import dev.cairn.core.store.RunBundle;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.migrate.MigrationPlan.Action;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interrupted migrations resume without duplicates; conflicts stop before writing; a changing source is caught. */
class MigrationResumeTest {
    @TempDir
    Path dir;

    String source;
    List<String> runs;
    StoreConfig config;

    @BeforeEach
    void source() {
        config = new StoreConfig(null, dir);
        source = dir.resolve("source/mlruns").toString();
        runs = SourceFixture.populate(source, dir, 6, 50);
    }

    /** Fails like a killed process would, after a number of runs were imported. */
    private static ImportableTrackingStore dyingAfter(ImportableTrackingStore real, int runs) {
        AtomicInteger left = new AtomicInteger(runs);
        return new ImportableTrackingStore() {
            @Override
            public void importExperiment(Experiment experiment) {
                real.importExperiment(experiment);
            }

            @Override
            public void importRun(RunBundle run) {
                if (left.getAndDecrement() <= 0) {
                    throw new IllegalStateException("killed");
                }
                real.importRun(run);
            }
        };
    }

    @Test
    void aMigrationKilledBetweenRunsResumesWithoutDuplicates() {
        String sqlite = "sqlite:///" + dir.resolve("target.db");
        assertThatThrownBy(() -> migrate(source, sqlite, MigrationOptions.all().withArtifactsTo(dir.resolve("art").toString()),
                target -> target.withImporter(dyingAfter(target.importer(), 4)))).hasMessage("killed");

        MigrationResult resumed = migrate(source, sqlite, MigrationOptions.all().withArtifactsTo(dir.resolve("art").toString()), t -> t);
        assertThat(resumed.plan().runCount(Action.SKIP)).isEqualTo(4);
        assertThat(resumed.plan().runCount(Action.CREATE)).isEqualTo(runs.size() - 4);
        assertThat(resumed.runsCopied()).isEqualTo(runs.size() - 4);
        assertThat(resumed.verification().ok()).as(resumed.verification().render()).isTrue();
        assertThat(resumed.verification().count("run")).isEqualTo(runs.size());

        MigrationResult again = migrate(source, sqlite, MigrationOptions.all().withArtifactsTo(dir.resolve("art").toString()), t -> t);
        assertThat(again.runsCopied()).isZero();
        assertThat(again.plan().runCount(Action.SKIP)).isEqualTo(runs.size());
        assertThat(again.verification().ok()).isTrue();
    }

    @Test
    void aMigrationKilledInTheMiddleOfARunsArtifactsLeavesNoRunAndResumes() throws Exception {
        String target = dir.resolve("target/mlruns").toString();
        AtomicInteger reads = new AtomicInteger();
        // the source's artifact store goes away in the middle of the second run's artifacts
        assertThatThrownBy(() -> {
            try (MigrationEndpoint s = MigrationEndpoint.openSource(TrackingUri.parse(source), config);
                    MigrationEndpoint t = MigrationEndpoint.openTarget(TrackingUri.parse(target), config)) {
                MigrationEndpoint flaky = s.withArtifacts(location -> failingAfter(s.artifacts(location), reads, 6));
                // one thread, so exactly the runs before the failing one are complete
                new Migration(flaky, t, MigrationOptions.all().withThreads(1), MigrationProgress.NONE).run();
            }
        }).hasMessageContaining("connection lost");
        // only the run whose artifacts were complete is visible, and it is complete
        try (MigrationEndpoint s = MigrationEndpoint.openSource(TrackingUri.parse(source), config);
                MigrationEndpoint t = MigrationEndpoint.openTarget(TrackingUri.parse(target), config)) {
            List<String> present = runs.stream().filter(id -> {
                try {
                    t.store().getRun(RunId.of(id));
                    return true;
                } catch (dev.cairn.core.error.CairnException e) {
                    return false;
                }
            }).toList();
            assertThat(present).isNotEmpty().hasSizeLessThan(runs.size());
            var report = new Migration(s, t, MigrationOptions.all().withRunIds(present), MigrationProgress.NONE).verify();
            assertThat(report.ok()).as(report.render()).isTrue();
            assertThat(report.total("artifact_files")).isEqualTo(4);
        }
        MigrationResult resumed = migrate(source, target, MigrationOptions.all(), t -> t);
        assertThat(resumed.verification().ok()).as(resumed.verification().render()).isTrue();
        try (Stream<Path> files = Files.walk(Path.of(target))) {
            assertThat(files.filter(p -> p.getFileName().toString().contains("~"))).isEmpty();
        }
    }

    /** An artifact repository whose reads fail after a number of files, like a dropped connection. */
    private static ArtifactRepository failingAfter(ArtifactRepository real, AtomicInteger writes, int allowed) {
        return new ArtifactRepository() {
            @Override
            public void logArtifact(Path localFile, String artifactDir) {
                real.logArtifact(localFile, artifactDir);
            }

            @Override
            public void logArtifacts(Path localDir, String artifactDir) {
                real.logArtifacts(localDir, artifactDir);
            }

            @Override
            public void write(String path, InputStream content, long length) {
                real.write(path, content, length);
            }

            @Override
            public List<FileInfo> list(String path) {
                return real.list(path);
            }

            @Override
            public InputStream open(String path) {
                if (writes.incrementAndGet() > allowed) {
                    throw new IllegalStateException("connection lost");
                }
                return real.open(path);
            }

            @Override
            public void download(String path, Path destination) {
                real.download(path, destination);
            }

            @Override
            public void delete(String path) {
                real.delete(path);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    @Test
    void idsTheTargetUsesForSomethingElseStopTheMigrationBeforeAnythingIsWritten() {
        String target = dir.resolve("target/mlruns").toString();
        try (MigrationEndpoint t = MigrationEndpoint.openTarget(TrackingUri.parse(target), config)) {
            t.importer().importExperiment(new Experiment(ExperimentId.of("1"), "someone else's", "file:///elsewhere/1",
                    LifecycleStage.ACTIVE, 1, 1, List.of()));
            t.importer().importExperiment(new Experiment(ExperimentId.of("7"), "empty", "file:///elsewhere/7",
                    LifecycleStage.ACTIVE, 1, 1, List.of()));
        }
        assertThatThrownBy(() -> migrate(source, target, MigrationOptions.all(), t -> t))
                .isInstanceOfSatisfying(MigrationConflictException.class, e -> {
                    assertThat(e.conflicts()).hasSize(2);
                    assertThat(e.getMessage()).contains("experiment 1 ('vision/resnet'): the target uses this id for"
                            + " experiment 'someone else's'");
                    assertThat(e.getMessage()).contains("experiment 3 ('empty'): the target has an experiment named 'empty'"
                            + " under another id (7)");
                });
        try (MigrationEndpoint t = MigrationEndpoint.openTarget(TrackingUri.parse(target), config)) {
            assertThat(RelocatingArtifactResolver.allExperiments(t.store())).extracting(e -> e.experimentId().value())
                    .containsExactlyInAnyOrder("0", "1", "7");
            assertThat(t.store().getExperiment(ExperimentId.DEFAULT).tags()).isEmpty();
            for (String id : runs) {
                assertThatThrownBy(() -> t.store().getRun(RunId.of(id))).isInstanceOf(dev.cairn.core.error.CairnException.class);
            }
        }
    }

    @Test
    void aRunIdUsedInAnotherExperimentOrWithOtherDataIsAConflict() {
        String sqlite = "sqlite:///" + dir.resolve("target.db");
        MigrationOptions oneRun = MigrationOptions.all().withRunIds(List.of(runs.get(1))).withArtifactsTo(dir.resolve("a").toString());
        assertThat(migrate(source, sqlite, oneRun, t -> t).ok()).isTrue();
        try (var s = SourceFixture.open(source, dir)) {
            s.logMetric(RunId.of(runs.get(1)), new Metric("late", 1, 1, 1));
        }
        assertThatThrownBy(() -> migrate(source, sqlite, oneRun, t -> t))
                .isInstanceOfSatisfying(MigrationConflictException.class, e -> assertThat(e.conflicts()).singleElement()
                        .asString().startsWith("run " + runs.get(1)).contains("metrics: source 105 metric_points, 4 metric_keys"));
    }

    @Test
    void aSourceThatChangesDuringTheCopyFailsTheVerification() {
        String target = dir.resolve("target/mlruns").toString();
        RunId changed = RunId.of(runs.get(2));
        MigrationProgress sneaky = new MigrationProgress() {
            @Override
            public void phase(String name, long total) {
                if (name.equals("verify")) {
                    try (var s = SourceFixture.open(source, dir)) {
                        s.logMetric(changed, new Metric("loss", 0.01, 5, 999));
                    }
                }
            }
        };
        MigrationResult result;
        try (MigrationEndpoint s = MigrationEndpoint.openSource(TrackingUri.parse(source), config);
                MigrationEndpoint t = MigrationEndpoint.openTarget(TrackingUri.parse(target), config)) {
            result = new Migration(s, t, MigrationOptions.all(), sneaky).run();
        }
        assertThat(result.ok()).isFalse();
        assertThat(result.verification().differences()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(changed.value());
            assertThat(e.differences()).singleElement().asString().startsWith("metrics: source 105 metric_points");
        });
    }

    @Test
    void aDryRunPlansAndWritesNothing() {
        String target = dir.resolve("target/mlruns").toString();
        MigrationResult result = migrate(source, target, MigrationOptions.all().withDryRun(true), t -> t);
        assertThat(result.plan().runCount(Action.CREATE)).isEqualTo(runs.size());
        assertThat(result.plan().experimentCount(Action.ADOPT)).isEqualTo(1);
        assertThat(result.plan().experimentCount(Action.CREATE)).isEqualTo(3);
        assertThat(result.verification()).isNull();
        try (MigrationEndpoint t = MigrationEndpoint.openTarget(TrackingUri.parse(target), config)) {
            assertThat(RelocatingArtifactResolver.allExperiments(t.store())).hasSize(1);
        }
    }

    @Test
    void filtersSelectExperimentsByIdOrNameAndRunsById() {
        String target = dir.resolve("target/mlruns").toString();
        MigrationResult result = migrate(source, target, MigrationOptions.all().withExperiments(List.of("old-experiment", "3")), t -> t);
        assertThat(result.plan().experiments()).extracting(s -> s.source().experimentId().value()).containsExactly("2", "3");
        assertThat(result.runsCopied()).isEqualTo(1);
        assertThat(result.verification().ok()).isTrue();
        assertThatThrownBy(() -> migrate(source, target, MigrationOptions.all().withExperiments(List.of("nope")), t -> t))
                .hasMessageContaining("no experiment with id or name 'nope'");
    }

    private MigrationResult migrate(String from, String to, MigrationOptions options,
            java.util.function.UnaryOperator<MigrationEndpoint> targetWrapper) {
        try (MigrationEndpoint s = MigrationEndpoint.openSource(TrackingUri.parse(from), config);
                MigrationEndpoint t = MigrationEndpoint.openTarget(TrackingUri.parse(to), config)) {
            return new Migration(s, targetWrapper.apply(t), options, MigrationProgress.NONE).run();
        }
    }
}
