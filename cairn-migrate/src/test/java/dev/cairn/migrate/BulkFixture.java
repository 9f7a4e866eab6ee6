package dev.cairn.migrate;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Many runs with long histories, written quickly through the import SPI; each run gets one artifact file. */
final class BulkFixture {
    private BulkFixture() {}

    static void write(String uri, Path workingDir, Path artifactRoot, int runs, int pointsPerRun) {
        try (MigrationEndpoint s = MigrationEndpoint.openTarget(TrackingUri.parse(uri), new StoreConfig(null, workingDir))) {
            long now = System.currentTimeMillis();
            String root = artifactRoot.toString();
            s.importer().importExperiment(new Experiment(ExperimentId.of("5"), "bulk", root + "/5", LifecycleStage.ACTIVE, now, now,
                    List.of(new Tag("k", "v"))));
            for (int r = 0; r < runs; r++) {
                RunId id = RunId.random();
                List<Metric> points = new ArrayList<>(pointsPerRun);
                for (int i = 0; i < pointsPerRun; i++) {
                    points.add(new Metric(i % 2 == 0 ? "loss" : "acc", i * 0.5 + r, now + i, i / 2));
                }
                String location = root + "/5/" + id + "/artifacts";
                Files.createDirectories(Path.of(location));
                Files.writeString(Path.of(location, "summary.txt"), "run " + r);
                s.importer().importRun(new RunBundle(new RunInfo(id, ExperimentId.of("5"), "run-" + r, "bench", RunStatus.FINISHED,
                        now + r, now + r + 1000, location, LifecycleStage.ACTIVE),
                        List.of(new Param("seed", String.valueOf(r))), List.of(), List.of(), points));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
