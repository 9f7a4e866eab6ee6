package dev.cairn.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.artifacts.MlflowArtifactsRepository;
import dev.cairn.client.ClientConfig;
import dev.cairn.client.RestTrackingStore;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Run;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running Cairn server as the source: entities over REST, proxied artifacts through the server. */
class RemoteSourceIT {
    @TempDir
    Path dir;

    @Test
    void migratesFromAServerIncludingProxiedArtifacts() {
        String store = dir.resolve("server/mlruns").toString();
        List<String> runs = SourceFixture.populate(store, dir, 1, 30);
        try (CairnServer server = CairnServer.start(ServerOptions.defaults().withPort(0).withBackendStoreUri(store)
                .withArtifactsDestination(dir.resolve("server/mlartifacts").toString()).withWorkingDir(dir))) {
            String url = server.url();
            String proxiedRun;
            try (RestTrackingStore client = new RestTrackingStore(url, ClientConfig.fromEnvironment())) {
                // an explicit location: stores currently turn the server default "mlflow-artifacts:/" into
                // "mlflow-artifacts://<id>", which names a host (reported to the store owners)
                ExperimentId logged = client.createExperiment("over-http", "mlflow-artifacts:/over-http", List.of());
                Run run = client.createRun(new CreateRunRequest(logged, "bob", 1_700_000_000_000L, List.of(), "remote"));
                client.logMetric(run.info().runId(), new Metric("m", 1.5, 1, 0));
                proxiedRun = run.info().runId().value();
                assertThat(run.info().artifactUri()).startsWith("mlflow-artifacts:");
                Map<String, String> env = new HashMap<>(System.getenv());
                env.put("MLFLOW_TRACKING_URI", url);
                byte[] bytes = "through the proxy".getBytes(StandardCharsets.UTF_8);
                try (var repo = new MlflowArtifactsRepository(run.info().artifactUri(), env)) {
                    repo.write("notes/hello.txt", new ByteArrayInputStream(bytes), bytes.length);
                }
            }
            StoreConfig config = new StoreConfig(null, dir);
            try (MigrationEndpoint s = MigrationEndpoint.openSource(TrackingUri.parse(url), config);
                    MigrationEndpoint t = MigrationEndpoint.openTarget(TrackingUri.parse(dir.resolve("copy/mlruns").toString()), config)) {
                MigrationResult result = new Migration(s, t, MigrationOptions.all(), MigrationProgress.NONE).run();
                assertThat(result.verification().ok()).as(result.verification().render()).isTrue();
                assertThat(result.runsCopied()).isEqualTo(runs.size() + 1);
                assertThat(result.verification().entries()).filteredOn(e -> e.id().equals(proxiedRun)).singleElement()
                        .satisfies(e -> assertThat(e.target().counts()).containsEntry("artifact_files", 1L));
            }
        }
    }
}
