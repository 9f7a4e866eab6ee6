package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.CreateExperiment;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.ExperimentTag;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;

/** Drives the server with MLflow's own Java client, through every tracking call it offers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlflowJavaClientIT {
    @TempDir
    static Path dir;

    /** The store behind the server; subclasses run the same suite against another backend. */
    protected String backendStoreUri(Path dir) {
        return TestServers.sqliteUri(dir);
    }

    CairnServer server;
    MlflowClient client;

    @BeforeAll
    void start() {
        server = TestServers.start(dir, backendStoreUri(dir));
        client = new MlflowClient(server.url());
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, String> tags(Run run) {
        return run.getData().getTagsList().stream().collect(Collectors.toMap(RunTag::getKey, RunTag::getValue));
    }

    private static Map<String, String> params(Run run) {
        return run.getData().getParamsList().stream().collect(Collectors.toMap(Param::getKey, Param::getValue));
    }

    private static Map<String, Double> metrics(Run run) {
        return run.getData().getMetricsList().stream().collect(Collectors.toMap(Metric::getKey, Metric::getValue));
    }

    @Test
    void experimentLifecycle() {
        String name = unique("exp");
        String id = client.createExperiment(name);

        Experiment experiment = client.getExperiment(id);
        assertThat(experiment.getName()).isEqualTo(name);
        assertThat(experiment.getLifecycleStage()).isEqualTo("active");
        assertThat(experiment.getArtifactLocation()).isNotEmpty();
        assertThat(experiment.getCreationTime()).isPositive();
        assertThat(client.getExperimentByName(name)).get().extracting(Experiment::getExperimentId).isEqualTo(id);
        assertThat(client.getExperimentByName(unique("missing"))).isEmpty();

        String renamed = unique("renamed");
        client.renameExperiment(id, renamed);
        assertThat(client.getExperiment(id).getName()).isEqualTo(renamed);
        assertThat(client.getExperimentByName(name)).isEmpty();

        client.setExperimentTag(id, "team", "vision");
        client.setExperimentTag(id, "team", "nlp");
        assertThat(client.getExperiment(id).getTagsList())
                .extracting(ExperimentTag::getKey, ExperimentTag::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("team", "nlp"));

        client.deleteExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
        assertThat(client.searchExperiments().getItems()).extracting(Experiment::getExperimentId).doesNotContain(id);
        assertThat(client.searchExperiments("name = '" + renamed + "'", ViewType.DELETED_ONLY, 10, List.of()).getItems())
                .extracting(Experiment::getExperimentId).containsExactly(id);

        client.restoreExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("active");
    }

    @Test
    void createExperimentWithLocationAndTags() {
        String name = unique("located");
        // Client-supplied locations must lie under a root the server allows (issue 4); the proxied root is one.
        String location = "mlflow-artifacts:/custom-artifacts/" + name;
        String id = client.createExperiment(CreateExperiment.newBuilder()
                .setName(name)
                .setArtifactLocation(location)
                .addTags(ExperimentTag.newBuilder().setKey("owner").setValue("me"))
                .build());
        Experiment experiment = client.getExperiment(id);
        assertThat(experiment.getArtifactLocation()).isEqualTo(location);
        assertThat(experiment.getTagsList()).extracting(ExperimentTag::getKey).contains("owner");
    }

    @Test
    void locationOutsideTheServersRootsIsRefused() {
        String outside = dir.resolve("elsewhere").toUri().toString();
        assertThatThrownBy(() -> client.createExperiment(CreateExperiment.newBuilder()
                        .setName(unique("outside")).setArtifactLocation(outside).build()))
                .isInstanceOf(MlflowHttpException.class)
                .satisfies(e -> assertThat(((MlflowHttpException) e).getStatusCode()).isEqualTo(400))
                .hasMessageContaining("INVALID_PARAMETER_VALUE");
    }

    @Test
    void duplicateExperimentNameIsRefusedWithResourceAlreadyExists() {
        String name = unique("dup");
        client.createExperiment(name);
        assertThatThrownBy(() -> client.createExperiment(name))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS");
                });
    }

    @Test
    void searchExperimentsPagesThroughAll() {
        String prefix = unique("page");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(client.createExperiment(prefix + "-" + i));
        }
        List<String> seen = new ArrayList<>();
        ExperimentsPage page = client.searchExperiments("name LIKE '" + prefix + "%'", ViewType.ACTIVE_ONLY, 2,
                List.of("name ASC"));
        while (true) {
            assertThat(page.getItems().size()).isLessThanOrEqualTo(2);
            page.getItems().forEach(e -> seen.add(e.getExperimentId()));
            if (!page.hasNextPage()) {
                break;
            }
            page = (ExperimentsPage) page.getNextPage();
        }
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(client.searchExperiments("name LIKE '" + prefix + "%'").getItems()).hasSize(5);
    }

    @Test
    void createRunOverloads() {
        RunInfo inDefault = client.createRun();
        assertThat(inDefault.getExperimentId()).isEqualTo("0");
        assertThat(inDefault.getStatus()).isEqualTo(RunStatus.RUNNING);

        String experimentId = client.createExperiment(unique("runs"));
        RunInfo plain = client.createRun(experimentId);
        assertThat(plain.getExperimentId()).isEqualTo(experimentId);
        assertThat(plain.getRunId()).hasSize(32);
        assertThat(plain.getRunUuid()).isEqualTo(plain.getRunId());
        assertThat(plain.getRunName()).isNotEmpty();
        assertThat(plain.getArtifactUri()).isNotEmpty();

        RunInfo detailed = client.createRun(CreateRun.newBuilder()
                .setExperimentId(experimentId)
                .setRunName("my-run")
                .setStartTime(1_700_000_000_000L)
                .setUserId("alice")
                .addTags(RunTag.newBuilder().setKey("stage").setValue("dev"))
                .build());
        assertThat(detailed.getRunName()).isEqualTo("my-run");
        assertThat(detailed.getStartTime()).isEqualTo(1_700_000_000_000L);
        assertThat(detailed.getUserId()).isEqualTo("alice");
        Run fetched = client.getRun(detailed.getRunId());
        assertThat(tags(fetched)).containsEntry("stage", "dev").containsEntry("mlflow.runName", "my-run");
        assertThat(client.listRunInfos(experimentId)).extracting(RunInfo::getRunId)
                .containsExactlyInAnyOrder(plain.getRunId(), detailed.getRunId());
    }

    @Test
    void logAndReadRunData() {
        String experimentId = client.createExperiment(unique("data"));
        String runId = client.createRun(experimentId).getRunId();

        client.logParam(runId, "lr", "0.01");
        client.logMetric(runId, "loss", 0.9);
        client.logMetric(runId, "loss", 0.5, 2_000_000_000_000L, 2);
        client.logMetric(runId, "weird", Double.NaN);
        client.logMetric(runId, "huge", Double.POSITIVE_INFINITY);
        client.logMetric(runId, "tiny", Double.NEGATIVE_INFINITY);
        client.setTag(runId, "keep", "yes");
        client.setTag(runId, "drop", "soon");
        client.deleteTag(runId, "drop");
        client.logBatch(runId,
                List.of(Metric.newBuilder().setKey("acc").setValue(0.7).setTimestamp(10).setStep(1).build(),
                        Metric.newBuilder().setKey("acc").setValue(0.8).setTimestamp(20).setStep(2).build()),
                List.of(Param.newBuilder().setKey("epochs").setValue("3").build()),
                List.of(RunTag.newBuilder().setKey("batch").setValue("tag").build()));

        Run run = client.getRun(runId);
        assertThat(params(run)).containsEntry("lr", "0.01").containsEntry("epochs", "3");
        assertThat(metrics(run)).containsEntry("loss", 0.5).containsEntry("acc", 0.8)
                .containsEntry("huge", Double.POSITIVE_INFINITY).containsEntry("tiny", Double.NEGATIVE_INFINITY);
        assertThat(metrics(run).get("weird")).isNaN();
        assertThat(tags(run)).containsEntry("keep", "yes").containsEntry("batch", "tag").doesNotContainKey("drop");

        assertThat(client.getMetricHistory(runId, "acc")).extracting(Metric::getStep, Metric::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 0.7), org.assertj.core.groups.Tuple.tuple(2L, 0.8));
        assertThat(client.getMetricHistory(runId, "loss")).hasSize(2);
        assertThat(client.getMetricHistory(runId, "never-logged")).isEmpty();
    }

    @Test
    void paramCannotChangeOnceLogged() {
        String runId = client.createRun(client.createExperiment(unique("params"))).getRunId();
        client.logParam(runId, "p", "1");
        client.logParam(runId, "p", "1"); // same value again is fine
        assertThatThrownBy(() -> client.logParam(runId, "p", "2"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE");
                });
        assertThat(params(client.getRun(runId))).containsEntry("p", "1");
    }

    @Test
    void setTerminatedOverloads() {
        String experimentId = client.createExperiment(unique("terminated"));
        String finished = client.createRun(experimentId).getRunId();
        client.setTerminated(finished);
        RunInfo info = client.getRun(finished).getInfo();
        assertThat(info.getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(info.getEndTime()).isPositive();

        String failed = client.createRun(experimentId).getRunId();
        client.setTerminated(failed, RunStatus.FAILED);
        assertThat(client.getRun(failed).getInfo().getStatus()).isEqualTo(RunStatus.FAILED);

        String killed = client.createRun(experimentId).getRunId();
        client.setTerminated(killed, RunStatus.KILLED, 1_800_000_000_000L);
        RunInfo killedInfo = client.getRun(killed).getInfo();
        assertThat(killedInfo.getStatus()).isEqualTo(RunStatus.KILLED);
        assertThat(killedInfo.getEndTime()).isEqualTo(1_800_000_000_000L);
    }

    @Test
    void deleteAndRestoreRun() {
        String experimentId = client.createExperiment(unique("deleted-runs"));
        String runId = client.createRun(experimentId).getRunId();
        client.deleteRun(runId);
        assertThat(client.getRun(runId).getInfo().getLifecycleStage()).isEqualTo("deleted");
        assertThat(client.searchRuns(List.of(experimentId), "")).isEmpty();
        assertThat(client.searchRuns(List.of(experimentId), "", ViewType.DELETED_ONLY)).extracting(RunInfo::getRunId)
                .containsExactly(runId);
        client.restoreRun(runId);
        assertThat(client.getRun(runId).getInfo().getLifecycleStage()).isEqualTo("active");
        assertThat(client.searchRuns(List.of(experimentId), "")).extracting(RunInfo::getRunId).containsExactly(runId);
    }

    @Test
    void searchRunsWithFiltersOrderAndPages() {
        String experimentId = client.createExperiment(unique("search"));
        List<String> byAccuracy = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String runId = client.createRun(experimentId).getRunId();
            client.logMetric(runId, "acc", i / 10.0);
            client.logParam(runId, "i", String.valueOf(i));
            client.setTag(runId, "parity", i % 2 == 0 ? "even" : "odd");
            byAccuracy.add(0, runId);
        }
        List<String> experiments = List.of(experimentId);

        assertThat(client.searchRuns(experiments, "metrics.acc > 0.25")).hasSize(2);
        assertThat(client.searchRuns(experiments, "params.i = '3'")).hasSize(1);
        assertThat(client.searchRuns(experiments, "tags.parity = 'even' and metrics.acc >= 0.2")).hasSize(2);
        assertThat(client.searchRuns(experiments, "attributes.status = 'RUNNING'")).hasSize(5);

        List<String> paged = new ArrayList<>();
        RunsPage page = client.searchRuns(experiments, "", ViewType.ACTIVE_ONLY, 2, List.of("metrics.acc DESC"));
        while (true) {
            assertThat(page.getItems().size()).isLessThanOrEqualTo(2);
            page.getItems().forEach(r -> paged.add(r.getInfo().getRunId()));
            if (!page.hasNextPage()) {
                break;
            }
            page = (RunsPage) page.getNextPage();
        }
        assertThat(paged).containsExactlyElementsOf(byAccuracy);

        RunsPage firstTwo = client.searchRuns(experiments, "", ViewType.ALL, 2, List.of("metrics.acc ASC"));
        assertThat(firstTwo.getItems()).extracting(r -> r.getInfo().getRunId())
                .containsExactly(byAccuracy.get(4), byAccuracy.get(3));
        RunsPage next = client.searchRuns(experiments, "", ViewType.ALL, 2, List.of("metrics.acc ASC"),
                firstTwo.getNextPageToken().orElseThrow());
        assertThat(next.getItems()).extracting(r -> r.getInfo().getRunId())
                .containsExactly(byAccuracy.get(2), byAccuracy.get(1));
    }

    @Test
    void unknownIdsAreNotFound() {
        assertThatThrownBy(() -> client.getRun("0123456789abcdef0123456789abcdef"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
                });
        assertThatThrownBy(() -> client.getExperiment("987654321"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }
}
