package dev.cairn.migrate;

import dev.cairn.artifacts.ArtifactRepositories;
import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.model.Dataset;
import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.store.ValidatingTrackingStore;
import dev.cairn.store.file.FileTrackingStore;
import dev.cairn.core.uri.TrackingUri;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Fills a store with a bit of everything a migration must carry over. */
final class SourceFixture {
    private SourceFixture() {}

    static TrackingStore open(String uri, Path workingDir) {
        return TrackingStores.open(TrackingUri.parse(uri), new StoreConfig(null, workingDir));
    }

    /** Writes the fixture into the store at {@code uri}; returns the ids of the runs created. */
    static List<String> populate(String uri, Path workingDir, int extraRuns, int pointsPerMetric) {
        List<String> runIds = new ArrayList<>();
        Random random = new Random(42);
        try (TrackingStore store = open(uri, workingDir)) {
            store.setExperimentTag(ExperimentId.DEFAULT, new Tag("team", "default-team"));
            runIds.add(run(store, ExperimentId.DEFAULT, "default-run", random, 5, true).info().runId().value());

            ExperimentId a = experiment(store, "1", "vision/resnet",
                    List.of(new Tag("mlflow.note.content", "Résumé: ünïcödé ✓\nsecond line"), new Tag("owner", "ana")));
            Run first = run(store, a, "first", random, pointsPerMetric, true);
            runIds.add(first.info().runId().value());
            store.logInputs(first.info().runId(), List.of(
                    new DatasetInput(List.of(new Tag(DatasetInput.CONTEXT_TAG, "training")),
                            new Dataset("cifar10", "abc123", "local", "{\"uri\": \"/data/cifar\"}", "{\"cols\":[1]}", "{\"rows\":10}")),
                    new DatasetInput(List.of(new Tag(DatasetInput.CONTEXT_TAG, "eval")),
                            new Dataset("cifar10-test", "def456", "s3", "{\"uri\": \"s3://b/k\"}", null, null))));
            Run second = run(store, a, "second", random, pointsPerMetric, false);
            runIds.add(second.info().runId().value());
            Run deletedRun = run(store, a, "deleted-run", random, 3, true);
            store.deleteRun(deletedRun.info().runId());
            runIds.add(deletedRun.info().runId().value());
            for (int i = 0; i < extraRuns; i++) {
                runIds.add(run(store, a, "extra-" + i, random, pointsPerMetric, i % 3 == 0).info().runId().value());
            }

            ExperimentId b = experiment(store, "2", "old-experiment", List.of(new Tag("k", "v")));
            runIds.add(run(store, b, "in-deleted-experiment", random, 4, true).info().runId().value());
            store.deleteExperiment(b);

            ExperimentId empty = experiment(store, "3", "empty", List.of());
            store.setExperimentTag(empty, new Tag("state", "no runs yet"));
        }
        return runIds;
    }

    /**
     * An experiment with a small id, as MLflow's directory stores numbered them before 2.0 (newer ones draw
     * 18-digit ids, which MLflow's 32-bit experiment_id column in PostgreSQL and MySQL cannot hold).
     */
    private static ExperimentId experiment(TrackingStore store, String id, String name, List<Tag> tags) {
        TrackingStore backend = store instanceof ValidatingTrackingStore v ? v.delegate() : store;
        if (backend instanceof FileTrackingStore files) {
            long now = System.currentTimeMillis();
            files.importExperiment(new Experiment(ExperimentId.of(id), name, Locations.fileUri(files.root()) + "/" + id,
                    LifecycleStage.ACTIVE, now - 1000, now - 1000, tags));
            return ExperimentId.of(id);
        }
        return store.createExperiment(name, null, tags);
    }

    private static Run run(TrackingStore store, ExperimentId experiment, String name, Random random, int points, boolean artifacts) {
        long start = 1_700_000_000_000L + random.nextInt(1_000_000);
        Run run = store.createRun(new CreateRunRequest(experiment, "ana", start,
                List.of(new Tag("mlflow.source.name", "train.py"), new Tag("mlflow.user", "ana")), name));
        var id = run.info().runId();
        store.logBatch(id, List.of(), List.of(new Param("lr", "0.001"), new Param("layers", "50"),
                new Param("long", "x".repeat(5000)), new Param("nested/key.with-dots", "v")), List.of(new Tag("stage", "dev")));
        List<Metric> batch = new ArrayList<>();
        for (int step = 0; step < points; step++) {
            batch.add(new Metric("loss", 1.0 / (step + 1), start + step * 10L, step));
            batch.add(new Metric("acc", random.nextDouble(), start + step * 10L, step));
            if (batch.size() >= 1000) {
                store.logBatch(id, batch, List.of(), List.of());
                batch.clear();
            }
        }
        batch.add(new Metric("odd", Double.NaN, start, 0));
        batch.add(new Metric("odd", Double.POSITIVE_INFINITY, start + 1, 1));
        batch.add(new Metric("odd", Double.NEGATIVE_INFINITY, start + 2, 2));
        batch.add(new Metric("odd", -0.5, start + 3, 2)); // two points at one step
        store.logBatch(id, batch, List.of(), List.of());
        if (artifacts) {
            try (ArtifactRepository repo = ArtifactRepositories.open(run.info().artifactUri())) {
                byte[] model = new byte[64 * 1024 + 17];
                random.nextBytes(model);
                write(repo, "model/model.bin", model);
                write(repo, "model/MLmodel", "flavors: {}\n".getBytes(StandardCharsets.UTF_8));
                write(repo, "plots/deep/dir/loss.txt", ("loss of " + name).getBytes(StandardCharsets.UTF_8));
                write(repo, "empty.txt", new byte[0]);
            }
        }
        store.updateRun(id, RunStatus.FINISHED, start + 5000, null);
        return store.getRun(id);
    }

    private static void write(ArtifactRepository repo, String path, byte[] bytes) {
        repo.write(path, new ByteArrayInputStream(bytes), bytes.length);
    }
}
