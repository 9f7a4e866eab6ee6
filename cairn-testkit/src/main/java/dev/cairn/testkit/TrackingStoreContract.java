package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Dataset;
import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunMetric;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.ExperimentSearch;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchFilter;
import dev.cairn.core.search.SearchParser;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.DeletedRun;
import dev.cairn.core.store.MetricOutline;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.ValidatingTrackingStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link TrackingStore} must show: the contract in its Javadoc plus MLflow's
 * semantics for ids, names, lifecycle, logging, latest metrics, inputs and search.
 *
 * <p>A backend subclasses this class and implements {@link #newStore()}. Every test gets a fresh,
 * empty store (only the default experiment) and closes it afterwards. To opt out of a test, a
 * backend redeclares the nested class with the same name (JUnit then runs the subclass's instead
 * of the contract's) and overrides the method with {@code @Disabled("why")}; nothing here is
 * skipped silently:
 * <pre>{@code
 * class MyStoreContractTest extends TrackingStoreContract {
 *     protected TrackingStore newStore() { ... }
 *
 *     @Nested
 *     class SearchRuns extends TrackingStoreContract.SearchRuns {
 *         @Override @Test @Disabled("my backend cannot ...")
 *         public void likeEscapes() {}
 *     }
 * }
 * }</pre>
 */
public abstract class TrackingStoreContract {
    /** A fresh, empty store wrapped in {@link ValidatingTrackingStore}, as {@code TrackingStores.open} returns it. */
    protected abstract TrackingStore newStore();

    protected TrackingStore store;

    private int names;

    @BeforeEach
    void openStore() {
        store = newStore();
        assertThat(store).as("stores under contract test must be wrapped for validation")
                .isInstanceOf(ValidatingTrackingStore.class);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    protected String uniqueName(String prefix) {
        return prefix + "-" + (++names) + "-" + Long.toHexString(System.nanoTime());
    }

    protected ExperimentId experiment(String name) {
        return store.createExperiment(name, null, List.of());
    }

    protected Run run(ExperimentId experimentId) {
        return store.createRun(new CreateRunRequest(experimentId, "alice", System.currentTimeMillis(), List.of(), null));
    }

    protected Run run(ExperimentId experimentId, long startTime, String name, String user) {
        return store.createRun(new CreateRunRequest(experimentId, user, startTime, List.of(), name));
    }

    protected static Metric metric(String key, double value, long timestamp, long step) {
        return new Metric(key, value, timestamp, step);
    }

    protected static void assertError(ThrowingCallable call, ErrorCode... anyOf) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected a CairnException with one of %s", List.of(anyOf)).isInstanceOf(CairnException.class);
        assertThat(((CairnException) thrown).code()).isIn((Object[]) anyOf);
    }

    protected static Optional<Metric> latest(Run run, String key) {
        return run.data().metrics().stream().filter(m -> m.key().equals(key)).findFirst();
    }

    protected static Map<String, String> params(Run run) {
        return run.data().params().stream().collect(Collectors.toMap(Param::key, Param::value));
    }

    protected static Map<String, String> tags(Run run) {
        return run.data().tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    protected static Map<String, String> tags(Experiment experiment) {
        return experiment.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    protected List<Metric> history(RunId runId, String key) {
        List<Metric> all = new ArrayList<>();
        PageToken token = PageToken.FIRST;
        while (token != null) {
            Page<Metric> page = store.getMetricHistory(runId, key, 1000, token);
            all.addAll(page.items());
            token = page.nextPageToken() == null ? null : PageToken.parse(page.nextPageToken());
        }
        return all;
    }

    /** Every run id a search yields, following page tokens. */
    protected List<RunId> searchRunIds(List<ExperimentId> experiments, String filter, ViewType viewType, int pageSize, String... orderBy) {
        SearchFilter parsed = SearchParser.parseRunFilter(filter);
        List<OrderBy> order = SearchParser.parseRunOrderBy(List.of(orderBy));
        List<RunId> ids = new ArrayList<>();
        PageToken token = PageToken.FIRST;
        for (int pages = 0; token != null; pages++) {
            assertThat(pages).as("too many pages: the store does not stop paging").isLessThan(10_000);
            Page<Run> page = store.searchRuns(new RunSearch(experiments, parsed, viewType, pageSize, order, token));
            assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
            page.items().forEach(r -> ids.add(r.info().runId()));
            token = page.nextPageToken() == null ? null : PageToken.parse(page.nextPageToken());
        }
        return ids;
    }

    protected List<RunId> searchRunIds(ExperimentId experiment, String filter, String... orderBy) {
        return searchRunIds(List.of(experiment), filter, ViewType.ACTIVE_ONLY, RunSearch.DEFAULT_MAX_RESULTS, orderBy);
    }

    protected List<Experiment> searchExperiments(String filter, ViewType viewType, int pageSize, String... orderBy) {
        SearchFilter parsed = SearchParser.parseExperimentFilter(filter);
        List<OrderBy> order = SearchParser.parseExperimentOrderBy(List.of(orderBy));
        List<Experiment> all = new ArrayList<>();
        PageToken token = PageToken.FIRST;
        for (int pages = 0; token != null; pages++) {
            assertThat(pages).as("too many pages: the store does not stop paging").isLessThan(10_000);
            Page<Experiment> page = store.searchExperiments(new ExperimentSearch(parsed, viewType, pageSize, order, token));
            assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
            all.addAll(page.items());
            token = page.nextPageToken() == null ? null : PageToken.parse(page.nextPageToken());
        }
        return all;
    }

    private static List<String> idsOf(List<Experiment> experiments) {
        return experiments.stream().map(e -> e.experimentId().value()).toList();
    }

    private static final ExperimentId MISSING_EXPERIMENT = ExperimentId.of("987654321");
    private static final RunId MISSING_RUN = RunId.of("0123456789abcdef0123456789abcdef");

    // ---------------------------------------------------------------- experiments

    @Nested
    public class Experiments {
        @Test
        public void defaultExperimentExists() {
            Experiment def = store.getExperiment(ExperimentId.DEFAULT);
            assertThat(def.name()).isEqualTo("Default");
            assertThat(def.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
            assertThat(def.artifactLocation()).isNotBlank();
            assertThat(store.getExperimentByName("Default")).map(Experiment::experimentId).contains(ExperimentId.DEFAULT);
        }

        @Test
        public void createAndGet() {
            long before = System.currentTimeMillis();
            ExperimentId id = store.createExperiment("exp-one", null, List.of(new Tag("owner", "alice")));
            assertThat(id.value()).matches("\\d+").isNotEqualTo("0");
            Experiment e = store.getExperiment(id);
            assertThat(e.experimentId()).isEqualTo(id);
            assertThat(e.name()).isEqualTo("exp-one");
            assertThat(e.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
            assertThat(tags(e)).containsEntry("owner", "alice");
            assertThat(e.creationTime()).isGreaterThanOrEqualTo(before - 1000);
            assertThat(e.lastUpdateTime()).isGreaterThanOrEqualTo(e.creationTime());
            // MLflow puts a new experiment's artifacts at <default root>/<experiment id>.
            assertThat(e.artifactLocation()).endsWith("/" + id.value());
        }

        @Test
        public void idsAreDistinct() {
            Set<ExperimentId> ids = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                ids.add(experiment("distinct-" + i));
            }
            assertThat(ids).hasSize(5).doesNotContain(ExperimentId.DEFAULT);
        }

        @Test
        public void explicitArtifactLocationIsKept() {
            ExperimentId id = store.createExperiment("with-location", "s3://bucket/some/path", List.of());
            assertThat(store.getExperiment(id).artifactLocation()).isEqualTo("s3://bucket/some/path");
        }

        @Test
        public void duplicateNameIsRefused() {
            experiment("dup");
            assertError(() -> experiment("dup"), ErrorCode.RESOURCE_ALREADY_EXISTS);
        }

        @Test
        public void nameOfDeletedExperimentStaysTaken() {
            ExperimentId id = experiment("gone");
            store.deleteExperiment(id);
            assertError(() -> experiment("gone"), ErrorCode.RESOURCE_ALREADY_EXISTS);
        }

        @Test
        public void unknownIdsAreNotFound() {
            assertError(() -> store.getExperiment(MISSING_EXPERIMENT), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertError(() -> store.renameExperiment(MISSING_EXPERIMENT, "x"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertError(() -> store.deleteExperiment(MISSING_EXPERIMENT), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertError(() -> store.restoreExperiment(MISSING_EXPERIMENT), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertError(() -> store.setExperimentTag(MISSING_EXPERIMENT, new Tag("k", "v")), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertThat(store.getExperimentByName("no-such-experiment")).isEmpty();
        }

        @Test
        public void getByNameFindsDeletedExperimentsToo() {
            ExperimentId id = experiment("by-name");
            assertThat(store.getExperimentByName("by-name")).map(Experiment::experimentId).contains(id);
            store.deleteExperiment(id);
            assertThat(store.getExperimentByName("by-name")).map(Experiment::lifecycleStage).contains(LifecycleStage.DELETED);
        }

        @Test
        public void getByNameIsExact() {
            experiment("Case");
            assertThat(store.getExperimentByName("case")).isEmpty();
            assertThat(store.getExperimentByName("Cas")).isEmpty();
        }

        @Test
        public void rename() {
            ExperimentId id = experiment("old-name");
            Experiment before = store.getExperiment(id);
            store.renameExperiment(id, "new-name");
            Experiment after = store.getExperiment(id);
            assertThat(after.name()).isEqualTo("new-name");
            assertThat(after.lastUpdateTime()).isGreaterThanOrEqualTo(before.lastUpdateTime());
            assertThat(store.getExperimentByName("old-name")).isEmpty();
            assertThat(store.getExperimentByName("new-name")).map(Experiment::experimentId).contains(id);
            // the old name is free again
            assertThatCode(() -> experiment("old-name")).doesNotThrowAnyException();
        }

        @Test
        public void renameToTakenNameIsRefused() {
            experiment("taken");
            ExperimentId id = experiment("mine");
            assertError(() -> store.renameExperiment(id, "taken"), ErrorCode.RESOURCE_ALREADY_EXISTS);
            assertThat(store.getExperiment(id).name()).isEqualTo("mine");
        }

        @Test
        public void renameToBlankIsRefused() {
            ExperimentId id = experiment("blank-rename");
            assertError(() -> store.renameExperiment(id, " "), ErrorCode.INVALID_PARAMETER_VALUE);
        }

        @Test
        public void deleteAndRestore() {
            ExperimentId id = experiment("lifecycle");
            store.deleteExperiment(id);
            assertThat(store.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
            store.restoreExperiment(id);
            assertThat(store.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        }

        @Test
        public void deletingADeletedExperimentIsRefused() {
            ExperimentId id = experiment("twice");
            store.deleteExperiment(id);
            assertError(() -> store.deleteExperiment(id), ErrorCode.INVALID_PARAMETER_VALUE);
        }

        @Test
        public void deletingAnExperimentDeletesItsRunsAndRestoreBringsThemBack() throws InterruptedException {
            ExperimentId id = experiment("with-runs");
            RunId a = run(id).info().runId();
            RunId b = run(id).info().runId();
            store.deleteExperiment(id);
            assertThat(store.getRun(a).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
            assertThat(store.getRun(b).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
            store.restoreExperiment(id);
            assertThat(store.getRun(a).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
            assertThat(store.getRun(b).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        }

        @Test
        public void restoreLeavesRunsDeletedBeforeTheExperiment() throws InterruptedException {
            ExperimentId id = experiment("earlier-deleted");
            RunId kept = run(id).info().runId();
            RunId deletedEarlier = run(id).info().runId();
            store.deleteRun(deletedEarlier);
            Thread.sleep(20); // deletion times must differ for the store to tell the two apart
            store.deleteExperiment(id);
            store.restoreExperiment(id);
            assertThat(store.getRun(kept).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
            assertThat(store.getRun(deletedEarlier).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        }

        @Test
        public void tagsAreSetOverwrittenAndDeleted() {
            ExperimentId id = experiment("tagged");
            store.setExperimentTag(id, new Tag("k", "v1"));
            store.setExperimentTag(id, new Tag("other", "x"));
            assertThat(tags(store.getExperiment(id))).containsEntry("k", "v1").containsEntry("other", "x");
            store.setExperimentTag(id, new Tag("k", "v2"));
            assertThat(tags(store.getExperiment(id))).containsEntry("k", "v2");
            store.deleteExperimentTag(id, "k");
            assertThat(tags(store.getExperiment(id))).doesNotContainKey("k").containsEntry("other", "x");
        }

        @Test
        public void tagsAreReturnedByName() {
            ExperimentId id = store.createExperiment("tag-by-name", null, List.of(new Tag("a", "1")));
            assertThat(store.getExperimentByName("tag-by-name").map(TrackingStoreContract::tags).orElseThrow())
                    .containsEntry("a", "1");
            assertThat(id).isNotNull();
        }
    }

    // ---------------------------------------------------------------- runs

    @Nested
    public class Runs {
        @Test
        public void createRunDefaults() {
            ExperimentId exp = experiment("runs");
            Experiment experiment = store.getExperiment(exp);
            Run run = store.createRun(new CreateRunRequest(exp, "alice", 1_700_000_000_000L, List.of(new Tag("t", "v")), null));
            RunInfo info = run.info();
            assertThat(info.runId().value()).matches("[0-9a-f]{32}");
            assertThat(info.experimentId()).isEqualTo(exp);
            assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(info.startTime()).isEqualTo(1_700_000_000_000L);
            assertThat(info.endTime()).isNull();
            assertThat(info.userId()).isEqualTo("alice");
            assertThat(info.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
            assertThat(info.artifactUri())
                    .isEqualTo(experiment.artifactLocation() + "/" + info.runId().value() + "/artifacts");
            assertThat(info.runName()).isNotBlank();
            assertThat(tags(run)).containsEntry("t", "v").containsEntry("mlflow.runName", info.runName());
            Run reread = store.getRun(info.runId());
            assertThat(reread.info()).isEqualTo(info);
            assertThat(tags(reread)).isEqualTo(tags(run));
        }

        @Test
        public void generatedNamesDiffer() {
            ExperimentId exp = experiment("names");
            Set<String> names = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                names.add(run(exp).info().runName());
            }
            assertThat(names.size()).isGreaterThan(1);
        }

        @Test
        public void runNameArgumentIsMirroredInTag() {
            ExperimentId exp = experiment("named");
            Run run = run(exp, 1L, "my-run", "bob");
            assertThat(run.info().runName()).isEqualTo("my-run");
            assertThat(tags(store.getRun(run.info().runId()))).containsEntry("mlflow.runName", "my-run");
        }

        @Test
        public void runNameTagNamesTheRun() {
            ExperimentId exp = experiment("tag-named");
            Run run = store.createRun(new CreateRunRequest(exp, "u", 1L, List.of(new Tag("mlflow.runName", "from-tag")), null));
            assertThat(run.info().runName()).isEqualTo("from-tag");
            assertThat(store.getRun(run.info().runId()).info().runName()).isEqualTo("from-tag");
        }

        @Test
        public void conflictingRunNameAndTagAreRefused() {
            ExperimentId exp = experiment("conflict");
            assertError(
                    () -> store.createRun(new CreateRunRequest(exp, "u", 1L, List.of(new Tag("mlflow.runName", "a")), "b")),
                    ErrorCode.INVALID_PARAMETER_VALUE);
        }

        @Test
        public void createRunInUnknownExperimentIsNotFound() {
            assertError(() -> run(MISSING_EXPERIMENT), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        }

        @Test
        public void createRunInDeletedExperimentIsRefused() {
            ExperimentId exp = experiment("deleted-exp");
            store.deleteExperiment(exp);
            assertError(() -> run(exp), ErrorCode.INVALID_STATE, ErrorCode.INVALID_PARAMETER_VALUE);
        }

        @Test
        public void unknownRunIsNotFound() {
            assertError(() -> store.getRun(MISSING_RUN), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertError(() -> store.updateRun(MISSING_RUN, RunStatus.FINISHED, 1L, null), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertError(() -> store.deleteRun(MISSING_RUN), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertError(() -> store.restoreRun(MISSING_RUN), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertError(() -> store.logMetric(MISSING_RUN, metric("m", 1, 1, 0)), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertError(() -> store.deleteTag(MISSING_RUN, "k"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        }

        @Test
        public void updateStatusEndTimeAndName() {
            ExperimentId exp = experiment("update");
            RunId id = run(exp, 10L, "before", "u").info().runId();
            RunInfo updated = store.updateRun(id, RunStatus.FINISHED, 99L, null);
            assertThat(updated.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(updated.endTime()).isEqualTo(99L);
            assertThat(updated.runName()).isEqualTo("before");
            assertThat(store.getRun(id).info()).isEqualTo(updated);

            RunInfo renamed = store.updateRun(id, null, null, "after");
            assertThat(renamed.runName()).isEqualTo("after");
            assertThat(renamed.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(renamed.endTime()).isEqualTo(99L);
            Run reread = store.getRun(id);
            assertThat(reread.info().runName()).isEqualTo("after");
            assertThat(tags(reread)).containsEntry("mlflow.runName", "after");
        }

        @Test
        public void settingTheRunNameTagRenamesTheRun() {
            ExperimentId exp = experiment("rename-tag");
            RunId id = run(exp, 10L, "first", "u").info().runId();
            store.setTag(id, new Tag("mlflow.runName", "second"));
            assertThat(store.getRun(id).info().runName()).isEqualTo("second");
        }

        @Test
        public void deleteAndRestore() {
            ExperimentId exp = experiment("delete-run");
            RunId id = run(exp).info().runId();
            store.deleteRun(id);
            assertThat(store.getRun(id).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
            store.restoreRun(id);
            assertThat(store.getRun(id).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
            assertThatCode(() -> store.logMetric(id, metric("m", 1, 1, 0))).doesNotThrowAnyException();
        }

        @Test
        public void writesToADeletedRunAreRefused() {
            ExperimentId exp = experiment("deleted-run-writes");
            RunId id = run(exp).info().runId();
            store.setTag(id, new Tag("keep", "v"));
            store.deleteRun(id);
            assertError(() -> store.logMetric(id, metric("m", 1, 1, 0)), ErrorCode.INVALID_PARAMETER_VALUE);
            assertError(() -> store.logParam(id, new Param("p", "v")), ErrorCode.INVALID_PARAMETER_VALUE);
            assertError(() -> store.setTag(id, new Tag("t", "v")), ErrorCode.INVALID_PARAMETER_VALUE);
            assertError(() -> store.deleteTag(id, "keep"), ErrorCode.INVALID_PARAMETER_VALUE);
            assertError(() -> store.updateRun(id, RunStatus.FINISHED, 5L, null), ErrorCode.INVALID_PARAMETER_VALUE);
            assertError(
                    () -> store.logInputs(id, List.of(new DatasetInput(List.of(), new Dataset("d", "x", "local", "{}", null, null)))),
                    ErrorCode.INVALID_PARAMETER_VALUE);
            Run after = store.getRun(id);
            assertThat(after.data().metrics()).isEmpty();
            assertThat(after.data().params()).isEmpty();
            assertThat(tags(after)).containsEntry("keep", "v").doesNotContainKey("t");
            assertThat(after.info().status()).isEqualTo(RunStatus.RUNNING);
        }

        @Test
        public void finishedRunsStillAcceptData() {
            ExperimentId exp = experiment("finished");
            RunId id = run(exp).info().runId();
            store.updateRun(id, RunStatus.FINISHED, 5L, null);
            store.logMetric(id, metric("late", 1.5, 6, 0));
            assertThat(latest(store.getRun(id), "late")).map(Metric::value).contains(1.5);
        }
    }

    // ---------------------------------------------------------------- logging

    @Nested
    public class Logging {
        private RunId runId;

        @BeforeEach
        void createRun() {
            runId = run(experiment("logging")).info().runId();
        }

        @Test
        public void batchIsVisibleInGetRun() {
            store.logBatch(runId,
                    List.of(metric("loss", 0.5, 100, 1), metric("acc", 0.7, 100, 1)),
                    List.of(new Param("lr", "0.01"), new Param("layers", "3")),
                    List.of(new Tag("team", "vision")));
            Run run = store.getRun(runId);
            assertThat(run.data().metrics()).containsExactlyInAnyOrder(metric("loss", 0.5, 100, 1), metric("acc", 0.7, 100, 1));
            assertThat(params(run)).containsExactlyInAnyOrderEntriesOf(Map.of("lr", "0.01", "layers", "3"));
            assertThat(tags(run)).containsEntry("team", "vision");
        }

        @Test
        public void emptyBatchIsFine() {
            assertThatCode(() -> store.logBatch(runId, List.of(), List.of(), List.of())).doesNotThrowAnyException();
        }

        @Test
        public void paramRelogWithSameValueIsANoOp() {
            store.logParam(runId, new Param("p", "v"));
            store.logParam(runId, new Param("p", "v"));
            store.logBatch(runId, List.of(), List.of(new Param("p", "v"), new Param("q", "w")), List.of());
            assertThat(params(store.getRun(runId))).containsExactlyInAnyOrderEntriesOf(Map.of("p", "v", "q", "w"));
        }

        @Test
        public void paramRelogWithDifferentValueIsRefused() {
            store.logParam(runId, new Param("p", "v"));
            assertError(() -> store.logParam(runId, new Param("p", "other")), ErrorCode.INVALID_PARAMETER_VALUE);
            assertThat(params(store.getRun(runId))).containsEntry("p", "v");
        }

        @Test
        public void batchWithAConflictingParamWritesNothing() {
            store.logParam(runId, new Param("p", "v"));
            assertError(() -> store.logBatch(runId,
                            List.of(metric("m", 1.0, 10, 0), metric("m", 2.0, 11, 1)),
                            List.of(new Param("fresh", "x"), new Param("p", "changed")),
                            List.of(new Tag("t", "v"))),
                    ErrorCode.INVALID_PARAMETER_VALUE);
            Run run = store.getRun(runId);
            assertThat(run.data().metrics()).isEmpty();
            assertThat(history(runId, "m")).isEmpty();
            assertThat(params(run)).containsExactlyEntriesOf(Map.of("p", "v"));
            assertThat(tags(run)).doesNotContainKey("t");
        }

        @Test
        public void paramsOnlyBatchWithAConflictWritesNothing() {
            // params-only batches of new keys take a single-statement path on some stores; this one must not
            store.logParam(runId, new Param("p", "v"));
            assertError(() -> store.logBatch(runId, List.of(), List.of(new Param("fresh", "x"), new Param("p", "changed")), List.of()),
                    ErrorCode.INVALID_PARAMETER_VALUE);
            assertThat(params(store.getRun(runId))).containsExactlyEntriesOf(Map.of("p", "v"));
            assertError(() -> store.logBatch(RunId.of("0123456789abcdef0123456789abcdef"), List.of(), List.of(new Param("q", "w")), List.of()),
                    ErrorCode.RESOURCE_DOES_NOT_EXIST);
        }

        @Test
        public void batchWithAnInvalidKeyWritesNothing() {
            assertError(() -> store.logBatch(runId,
                            List.of(metric("good", 1.0, 10, 0), metric("bad/../key", 2.0, 11, 1)),
                            List.of(new Param("fine", "x")),
                            List.of()),
                    ErrorCode.INVALID_PARAMETER_VALUE);
            Run run = store.getRun(runId);
            assertThat(run.data().metrics()).isEmpty();
            assertThat(run.data().params()).isEmpty();
        }

        @Test
        public void tagsOverwriteAndDelete() {
            store.setTag(runId, new Tag("k", "1"));
            store.setTag(runId, new Tag("k", "2"));
            assertThat(tags(store.getRun(runId))).containsEntry("k", "2");
            store.deleteTag(runId, "k");
            assertThat(tags(store.getRun(runId))).doesNotContainKey("k");
        }

        @Test
        public void deletingAMissingTagIsNotFound() {
            assertError(() -> store.deleteTag(runId, "never-set"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        }

        @Test
        public void longValuesRoundTrip() {
            String param = "p".repeat(6000);
            String tag = "t".repeat(8000);
            store.logBatch(runId, List.of(), List.of(new Param("long", param)), List.of(new Tag("long", tag)));
            Run run = store.getRun(runId);
            assertThat(params(run)).containsEntry("long", param);
            assertThat(tags(run)).containsEntry("long", tag);
        }

        @Test
        public void unicodeRoundTrips() {
            store.logBatch(runId, List.of(), List.of(new Param("name", "Grüße 🌲 日本")), List.of(new Tag("emoji", "🌲🌲")));
            Run run = store.getRun(runId);
            assertThat(params(run)).containsEntry("name", "Grüße 🌲 日本");
            assertThat(tags(run)).containsEntry("emoji", "🌲🌲");
        }

        @Test
        public void nonFiniteValuesRoundTrip() {
            store.logBatch(runId, List.of(
                    metric("nan", Double.NaN, 1, 0),
                    metric("pinf", Double.POSITIVE_INFINITY, 1, 0),
                    metric("ninf", Double.NEGATIVE_INFINITY, 1, 0),
                    metric("tiny", -1e-300, 1, 0),
                    metric("big", 1.7e308, 1, 0)), List.of(), List.of());
            Run run = store.getRun(runId);
            assertThat(latest(run, "nan").orElseThrow().value()).isNaN();
            assertThat(latest(run, "pinf").orElseThrow().value()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(latest(run, "ninf").orElseThrow().value()).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(latest(run, "tiny").orElseThrow().value()).isEqualTo(-1e-300);
            assertThat(latest(run, "big").orElseThrow().value()).isEqualTo(1.7e308);
            assertThat(history(runId, "nan")).singleElement().satisfies(m -> assertThat(m.value()).isNaN());
            assertThat(history(runId, "pinf")).singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(Double.POSITIVE_INFINITY));
            assertThat(history(runId, "ninf")).singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(Double.NEGATIVE_INFINITY));
        }

        @Test
        public void latestMetricIsMaxStepThenMaxTimestamp() {
            store.logMetric(runId, metric("m", 1.0, 100, 5));
            store.logMetric(runId, metric("m", 2.0, 999, 3)); // newer timestamp, older step: not latest
            assertThat(latest(store.getRun(runId), "m")).contains(metric("m", 1.0, 100, 5));
            store.logMetric(runId, metric("m", 3.0, 200, 5)); // same step, newer timestamp: latest
            assertThat(latest(store.getRun(runId), "m")).contains(metric("m", 3.0, 200, 5));
            store.logMetric(runId, metric("m", 4.0, 150, 5)); // same step, older timestamp: not latest
            assertThat(latest(store.getRun(runId), "m")).contains(metric("m", 3.0, 200, 5));
            store.logMetric(runId, metric("m", -7.0, 1, 6)); // higher step wins whatever the timestamp
            assertThat(latest(store.getRun(runId), "m")).contains(metric("m", -7.0, 1, 6));
            store.logMetric(runId, metric("m", -8.0, 2, 6)); // same step, newer timestamp, smaller value: latest
            assertThat(latest(store.getRun(runId), "m")).contains(metric("m", -8.0, 2, 6));
            store.logMetric(runId, metric("m", Double.NaN, 3, 6)); // NaN is a value like any other here
            assertThat(latest(store.getRun(runId), "m")).hasValueSatisfying(m -> {
                assertThat(m.value()).isNaN();
                assertThat(m.timestamp()).isEqualTo(3);
            });
        }

        @Test
        public void latestMetricWithinOneBatch() {
            store.logBatch(runId, List.of(
                    metric("m", 1.0, 10, 2),
                    metric("m", 5.0, 30, 1),
                    metric("m", 2.0, 20, 2),
                    metric("n", 9.0, 1, 0)), List.of(), List.of());
            Run run = store.getRun(runId);
            assertThat(latest(run, "m")).contains(metric("m", 2.0, 20, 2));
            assertThat(latest(run, "n")).contains(metric("n", 9.0, 1, 0));
            assertThat(run.data().metrics()).hasSize(2);
        }

        @Test
        public void latestMetricTieOnStepAndTimestampTakesTheLargerValue() {
            store.logMetric(runId, metric("m", 1.0, 10, 1));
            store.logMetric(runId, metric("m", 3.0, 10, 1));
            store.logMetric(runId, metric("m", 2.0, 10, 1));
            assertThat(latest(store.getRun(runId), "m")).contains(metric("m", 3.0, 10, 1));
        }

        @Test
        public void negativeStepsAndTimestamps() {
            store.logMetric(runId, metric("m", 1.0, -5, -3));
            store.logMetric(runId, metric("m", 2.0, -6, -4));
            assertThat(latest(store.getRun(runId), "m")).contains(metric("m", 1.0, -5, -3));
        }
    }

    // ---------------------------------------------------------------- metric history

    @Nested
    public class MetricHistory {
        private ExperimentId exp;
        private RunId runId;

        @BeforeEach
        void createRun() {
            exp = experiment("history");
            runId = run(exp).info().runId();
        }

        @Test
        public void historyIsOrderedByStepThenTimestamp() {
            store.logBatch(runId, List.of(
                    metric("m", 3.0, 30, 2),
                    metric("m", 1.0, 10, 0),
                    metric("m", 2.5, 25, 1),
                    metric("m", 2.0, 20, 1),
                    metric("other", 9.0, 1, 0)), List.of(), List.of());
            assertThat(history(runId, "m")).containsExactly(
                    metric("m", 1.0, 10, 0), metric("m", 2.0, 20, 1), metric("m", 2.5, 25, 1), metric("m", 3.0, 30, 2));
        }

        @Test
        public void historyPages() {
            List<Metric> points = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                points.add(metric("m", i * 0.5, 1000 + i, i));
            }
            store.logBatch(runId, points, List.of(), List.of());
            List<Metric> seen = new ArrayList<>();
            PageToken token = PageToken.FIRST;
            int pages = 0;
            while (token != null) {
                Page<Metric> page = store.getMetricHistory(runId, "m", 10, token);
                assertThat(page.items().size()).isLessThanOrEqualTo(10);
                seen.addAll(page.items());
                token = page.nextPageToken() == null ? null : PageToken.parse(page.nextPageToken());
                pages++;
                assertThat(pages).isLessThan(10);
            }
            assertThat(pages).isBetween(3, 4);
            assertThat(seen).containsExactlyElementsOf(points);
        }

        @Test
        public void unknownMetricHasEmptyHistory() {
            Page<Metric> page = store.getMetricHistory(runId, "never-logged", 100, PageToken.FIRST);
            assertThat(page.items()).isEmpty();
            assertThat(page.nextPageToken()).isNull();
        }

        @Test
        public void unknownRunIsNotFound() {
            assertError(() -> store.getMetricHistory(MISSING_RUN, "m", 10, PageToken.FIRST), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        }

        @Test
        public void largeHistoryRoundTrips() {
            List<Metric> all = new ArrayList<>();
            for (int batch = 0; batch < 10; batch++) {
                List<Metric> points = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    long step = batch * 1000L + i;
                    points.add(metric("big", Math.sin(step), step, step));
                }
                store.logBatch(runId, points, List.of(), List.of());
                all.addAll(points);
            }
            assertThat(history(runId, "big")).containsExactlyElementsOf(all);
            assertThat(latest(store.getRun(runId), "big")).contains(all.get(all.size() - 1));
        }

        @Test
        public void bulkIntervalSamplesStepsKeepingFirstAndLast() {
            RunId other = run(exp).info().runId();
            RunId empty = run(exp).info().runId();
            List<Metric> points = new ArrayList<>();
            for (int step = 0; step < 50; step++) {
                points.add(metric("m", step, 1000 + step, step));
            }
            store.logBatch(runId, points, List.of(), List.of());
            store.logBatch(other, points.subList(0, 20), List.of(), List.of());

            List<RunMetric> sampled = store.getMetricHistoryBulkInterval(List.of(runId, other, empty), "m", null, null, 10);
            Map<RunId, List<Long>> steps = sampled.stream().collect(Collectors.groupingBy(
                    RunMetric::runId, Collectors.mapping(rm -> rm.metric().step(), Collectors.toList())));
            assertThat(steps).containsOnlyKeys(runId, other);
            assertThat(steps.get(runId)).hasSizeLessThanOrEqualTo(10).contains(0L, 49L).isSorted();
            assertThat(steps.get(other)).hasSizeLessThanOrEqualTo(10).contains(0L, 19L).isSorted();
            for (RunMetric rm : sampled) {
                assertThat(rm.metric().value()).isEqualTo(rm.metric().step());
            }
        }

        @Test
        public void bulkIntervalRespectsStepRange() {
            List<Metric> points = new ArrayList<>();
            for (int step = 0; step < 50; step++) {
                points.add(metric("m", step, 1000 + step, step));
            }
            store.logBatch(runId, points, List.of(), List.of());
            List<RunMetric> all = store.getMetricHistoryBulkInterval(List.of(runId), "m", 10L, 20L, 1000);
            assertThat(all).extracting(rm -> rm.metric().step())
                    .containsExactly(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
        }
    }

    // ---------------------------------------------------------------- streamed metric history

    /** {@link TrackingStore#streamMetricHistory}: the same points as getMetricHistory, in its order, as primitives. */
    @Nested
    public class MetricHistoryStream {
        private RunId runId;

        @BeforeEach
        void createRun() {
            runId = run(experiment(uniqueName("stream"))).info().runId();
        }

        private List<Metric> streamed(RunId id, String key) {
            List<Metric> points = new ArrayList<>();
            long count = store.streamMetricHistory(id, key, (step, timestamp, value) -> points.add(metric(key, value, timestamp, step)));
            assertThat(count).as("returned count").isEqualTo(points.size());
            return points;
        }

        @Test
        public void streamsEveryPointInHistoryOrder() {
            store.logBatch(runId, List.of(
                    metric("m", 3.0, 30, 2),
                    metric("m", 1.0, 10, 0),
                    metric("m", 2.5, 25, 1),
                    metric("m", 2.0, 20, 1),
                    metric("m", 0.5, 20, 1),
                    metric("m", Double.NaN, 40, 3),
                    metric("m", Double.POSITIVE_INFINITY, 41, 4),
                    metric("m", Double.NEGATIVE_INFINITY, 42, 5),
                    metric("other", 9.0, 1, 0)), List.of(), List.of());
            List<Metric> points = streamed(runId, "m");
            assertThat(points).containsExactlyElementsOf(history(runId, "m"));
            assertThat(points).extracting(Metric::value).containsExactly(
                    1.0, 0.5, 2.0, 2.5, 3.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        }

        @Test
        public void longHistoryLoggedOutOfOrderStreamsSorted() {
            List<Metric> logged = new ArrayList<>();
            for (int batch = 0; batch < 6; batch++) {
                List<Metric> points = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    // Batches arrive newest steps first, so the store's write order is not history order.
                    long step = (5 - batch) * 1000L + i;
                    points.add(metric("big", Math.cos(step), 1_000_000 + step, step));
                }
                store.logBatch(runId, points, List.of(), List.of());
                logged.addAll(points);
            }
            logged.sort(Comparator.comparingLong(Metric::step));
            assertThat(streamed(runId, "big")).containsExactlyElementsOf(logged);
        }

        @Test
        public void streamsFromAStepOn() {
            store.logBatch(runId, List.of(
                    metric("m", 4.0, 40, 3),
                    metric("m", 1.0, 10, 0),
                    metric("m", 2.5, 25, 2),
                    metric("m", 2.0, 20, 2),
                    metric("m", 1.5, 15, 1)), List.of(), List.of());
            List<Metric> fromTwo = new ArrayList<>();
            long count = store.streamMetricHistory(runId, "m", 2, (step, timestamp, value) -> fromTwo.add(metric("m", value, timestamp, step)));
            assertThat(count).isEqualTo(3);
            assertThat(fromTwo).containsExactly(metric("m", 2.0, 20, 2), metric("m", 2.5, 25, 2), metric("m", 4.0, 40, 3));
            assertThat(store.streamMetricHistory(runId, "m", 4, (step, timestamp, value) -> { })).isZero();
        }

        @Test
        public void unknownMetricStreamsNothing() {
            store.logMetric(runId, metric("m", 1.0, 1, 0));
            assertThat(streamed(runId, "never-logged")).isEmpty();
        }

        @Test
        public void unknownRunIsNotFound() {
            assertError(() -> store.streamMetricHistory(MISSING_RUN, "m", (step, timestamp, value) -> { }),
                    ErrorCode.RESOURCE_DOES_NOT_EXIST);
        }
    }

    // ---------------------------------------------------------------- metric outlines

    /** A store's outline of a history (what a chart of a long series is drawn from) agrees with the history. */
    @Nested
    public class MetricOutlines {
        private RunId runId;

        @BeforeEach
        void createRun() {
            runId = run(experiment(uniqueName("outline"))).info().runId();
        }

        @Test
        public void outlineAgreesWithTheHistory() {
            List<Metric> dense = new ArrayList<>();
            for (int s = 0; s < 200; s++) {
                dense.add(metric("m", Math.sin(s / 7.0), 1_000 + s, s));
            }
            store.logBatch(runId, dense, List.of(), List.of());
            List<Metric> odd = List.of(
                    metric("m", 3.0, 5, -70), metric("m", -2.0, 6, -1), // negative steps
                    metric("m", Double.NaN, 2_000, 50), metric("m", Double.POSITIVE_INFINITY, 2_001, 51),
                    metric("m", Double.NEGATIVE_INFINITY, 2_002, 5_000), // a step range holding no finite value
                    metric("m", 9.0, 2_003, 1_000), metric("m", 0.5, 2_004, 1_000_000),
                    metric("other", 100.0, 2_005, 10));
            store.logBatch(runId, odd, List.of(), List.of());
            store.logBatch(runId, odd, List.of(), List.of()); // sent again: the history keeps each point once
            store.logBatch(runId, List.of(metric("m", -7.5, 3_000, 10)), List.of(), List.of()); // late, at an early step

            List<Metric> history = history(runId, "m");
            Metric latest = latest(store.getRun(runId), "m").orElseThrow();
            for (int maxBuckets : new int[] {10_000, 3, 1}) {
                MetricOutline outline = store.metricOutline(runId, "m", maxBuckets).orElseThrow();
                assertThat(outline.buckets()).hasSizeBetween(1, maxBuckets);
                assertThat(outline.pointCount()).isEqualTo(history.size()).isEqualTo(208);
                assertThat(outline.min()).isEqualTo(-7.5);
                assertThat(outline.max()).isEqualTo(9.0);
                assertThat(outline.endsWith(latest)).isTrue();
                assertAgrees(outline, history);
            }
            assertThat(store.metricOutline(runId, "other", 10).orElseThrow().buckets())
                    .containsExactly(new MetricOutline.Bucket(1, 10, 10, 2_005, 2_005, 100.0, 100.0));
        }

        /** Each bucket sums up exactly the history's points in its step range; ranges are in order and apart. */
        private void assertAgrees(MetricOutline outline, List<Metric> history) {
            long previousMax = Long.MIN_VALUE;
            for (MetricOutline.Bucket b : outline.buckets()) {
                assertThat(b.minStep()).as("buckets in step order, apart").isGreaterThan(previousMax);
                previousMax = b.maxStep();
                List<Metric> in = history.stream().filter(m -> m.step() >= b.minStep() && m.step() <= b.maxStep()).toList();
                double[] finite = in.stream().mapToDouble(Metric::value).filter(Double::isFinite).toArray();
                assertThat(b).isEqualTo(new MetricOutline.Bucket(in.size(),
                        in.stream().mapToLong(Metric::step).min().orElseThrow(), in.stream().mapToLong(Metric::step).max().orElseThrow(),
                        in.stream().mapToLong(Metric::timestamp).min().orElseThrow(), in.stream().mapToLong(Metric::timestamp).max().orElseThrow(),
                        Arrays.stream(finite).min().orElse(Double.NaN), Arrays.stream(finite).max().orElse(Double.NaN)));
            }
        }

        @Test
        public void outlineOfABatchNamingManyKeys() {
            List<Metric> batch = new ArrayList<>();
            for (int k = 0; k < 600; k++) {
                batch.add(metric("k" + k, k, 1_000 + k, k));
            }
            store.logBatch(runId, batch, List.of(), List.of());
            assertThat(store.metricOutline(runId, "k599", 10).orElseThrow().buckets())
                    .containsExactly(new MetricOutline.Bucket(1, 599, 599, 1_599, 1_599, 599.0, 599.0));
        }

        @Test
        public void metricNeverLoggedHasNoOutline() {
            store.logMetric(runId, metric("m", 1.0, 1, 0));
            assertThat(store.metricOutline(runId, "never-logged", 100)).isEmpty();
        }

        @Test
        public void unknownRunIsNotFound() {
            assertError(() -> store.metricOutline(MISSING_RUN, "m", 100), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        }
    }

    // ---------------------------------------------------------------- inputs

    @Nested
    public class Inputs {
        private static final Dataset MNIST = new Dataset("mnist", "abc123", "http", "{\"url\": \"https://example.com/mnist\"}",
                "{\"columns\": []}", "{\"rows\": 10}");

        @Test
        public void loggedInputsAreReturnedWithTheRun() {
            ExperimentId exp = experiment("inputs");
            RunId id = run(exp).info().runId();
            store.logInputs(id, List.of(new DatasetInput(List.of(new Tag(DatasetInput.CONTEXT_TAG, "training")), MNIST)));
            List<DatasetInput> inputs = store.getRun(id).inputs().datasetInputs();
            assertThat(inputs).singleElement().satisfies(input -> {
                assertThat(input.dataset()).isEqualTo(MNIST);
                assertThat(input.tags()).containsExactly(new Tag(DatasetInput.CONTEXT_TAG, "training"));
            });
        }

        @Test
        public void optionalDatasetFieldsMayBeNull() {
            ExperimentId exp = experiment("inputs-null");
            RunId id = run(exp).info().runId();
            Dataset bare = new Dataset("bare", "d1", "local", "/data/x.csv", null, null);
            store.logInputs(id, List.of(new DatasetInput(List.of(), bare)));
            assertThat(store.getRun(id).inputs().datasetInputs()).singleElement()
                    .satisfies(input -> assertThat(input.dataset()).isEqualTo(bare));
        }

        @Test
        public void datasetsAreReusedAcrossRunsAndInputsAreNotDuplicated() {
            ExperimentId exp = experiment("inputs-reuse");
            RunId a = run(exp).info().runId();
            RunId b = run(exp).info().runId();
            DatasetInput training = new DatasetInput(List.of(new Tag(DatasetInput.CONTEXT_TAG, "training")), MNIST);
            store.logInputs(a, List.of(training));
            store.logInputs(b, List.of(new DatasetInput(List.of(new Tag(DatasetInput.CONTEXT_TAG, "eval")), MNIST)));
            store.logInputs(a, List.of(training));
            assertThat(store.getRun(a).inputs().datasetInputs()).singleElement()
                    .satisfies(input -> assertThat(input.dataset()).isEqualTo(MNIST));
            assertThat(store.getRun(b).inputs().datasetInputs()).singleElement().satisfies(input -> {
                assertThat(input.dataset()).isEqualTo(MNIST);
                assertThat(input.tags()).containsExactly(new Tag(DatasetInput.CONTEXT_TAG, "eval"));
            });
        }

        @Test
        public void differentDigestsAreDifferentDatasets() {
            ExperimentId exp = experiment("inputs-digest");
            RunId id = run(exp).info().runId();
            Dataset v2 = new Dataset("mnist", "def456", "http", "{}", null, null);
            store.logInputs(id, List.of(new DatasetInput(List.of(), MNIST), new DatasetInput(List.of(), v2)));
            assertThat(store.getRun(id).inputs().datasetInputs()).extracting(DatasetInput::dataset)
                    .containsExactlyInAnyOrder(MNIST, v2);
        }

        @Test
        public void unknownRunIsNotFound() {
            assertError(() -> store.logInputs(MISSING_RUN, List.of(new DatasetInput(List.of(), MNIST))),
                    ErrorCode.RESOURCE_DOES_NOT_EXIST);
        }
    }

    // ---------------------------------------------------------------- permanent deletion (cairn gc)

    @Nested
    public class Purge {
        private final Dataset data = new Dataset("purge-data", "p1", "local", "/data/p.csv", null, null);

        /** A run with something in every table: params, tags, a metric history, an input with tags. */
        private RunId fullRun(ExperimentId exp) {
            RunId id = run(exp).info().runId();
            store.logBatch(id, List.of(metric("loss", 0.5, 10, 0), metric("loss", 0.25, 20, 1)),
                    List.of(new Param("lr", "0.1")), List.of(new Tag("team", "gc")));
            store.logInputs(id, List.of(new DatasetInput(List.of(new Tag(DatasetInput.CONTEXT_TAG, "training")), data)));
            return id;
        }

        private List<RunId> deletedRunIds(Instant before) {
            return store.deletedRuns(before).stream().map(r -> r.info().runId()).toList();
        }

        private List<ExperimentId> deletedExperimentIds(Instant before) {
            return store.deletedExperiments(before).stream().map(Experiment::experimentId).toList();
        }

        private Instant later() {
            return Instant.now().plusSeconds(60);
        }

        @Test
        public void deletedRunsListsOnlyDeletedRunsDeletedBeforeTheCutoff() {
            ExperimentId exp = experiment(uniqueName("gc-list"));
            RunId active = run(exp).info().runId();
            RunId gone = run(exp).info().runId();
            long before = System.currentTimeMillis();
            store.deleteRun(gone);
            long after = System.currentTimeMillis();
            List<DeletedRun> listed = store.deletedRuns(later());
            assertThat(listed).extracting(r -> r.info().runId()).contains(gone).doesNotContain(active);
            DeletedRun deleted = listed.stream().filter(r -> r.info().runId().equals(gone)).findFirst().orElseThrow();
            assertThat(deleted.info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
            assertThat(deleted.info().artifactUri()).isEqualTo(store.getRun(gone).info().artifactUri());
            assertThat(deleted.deletedTime()).isBetween(before, after);
            assertThat(deletedRunIds(Instant.ofEpochMilli(before - 60_000))).doesNotContain(gone, active);
            store.restoreRun(gone);
            assertThat(deletedRunIds(later())).doesNotContain(gone);
        }

        @Test
        public void deletedRunsAreOldestDeletionFirst() throws InterruptedException {
            ExperimentId exp = experiment(uniqueName("gc-order"));
            RunId first = run(exp).info().runId();
            RunId second = run(exp).info().runId();
            store.deleteRun(first);
            Thread.sleep(5);
            store.deleteRun(second);
            assertThat(deletedRunIds(later())).containsSubsequence(first, second);
        }

        @Test
        public void runsDeletedWithTheirExperimentAreListed() {
            ExperimentId exp = experiment(uniqueName("gc-with-exp"));
            RunId id = run(exp).info().runId();
            store.deleteExperiment(exp);
            assertThat(deletedRunIds(later())).contains(id);
            assertThat(deletedExperimentIds(later())).contains(exp);
        }

        @Test
        public void deletedExperimentsListsOnlyDeletedOnesDeletedBeforeTheCutoff() {
            ExperimentId active = experiment(uniqueName("gc-active"));
            ExperimentId gone = experiment(uniqueName("gc-gone"));
            long before = System.currentTimeMillis();
            store.deleteExperiment(gone);
            List<ExperimentId> listed = deletedExperimentIds(later());
            assertThat(listed).contains(gone).doesNotContain(active, ExperimentId.DEFAULT);
            assertThat(deletedExperimentIds(Instant.ofEpochMilli(before - 60_000))).doesNotContain(gone);
            store.restoreExperiment(gone);
            assertThat(deletedExperimentIds(later())).doesNotContain(gone);
        }

        @Test
        public void purgedRunIsGoneEverywhereAndItsNeighbourKeepsItsData() {
            ExperimentId exp = experiment(uniqueName("gc-run"));
            RunId gone = fullRun(exp);
            RunId kept = fullRun(exp);
            store.deleteRun(gone);
            store.purgeRun(gone);
            assertError(() -> store.getRun(gone), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertError(() -> store.getMetricHistory(gone, "loss", 10, PageToken.FIRST), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertThat(searchRunIds(List.of(exp), "", ViewType.ALL, 100)).containsExactly(kept);
            assertThat(deletedRunIds(later())).doesNotContain(gone);
            Run neighbour = store.getRun(kept);
            assertThat(params(neighbour)).containsEntry("lr", "0.1");
            assertThat(tags(neighbour)).containsEntry("team", "gc");
            assertThat(history(kept, "loss")).hasSize(2);
            assertThat(neighbour.inputs().datasetInputs()).singleElement()
                    .satisfies(input -> assertThat(input.dataset()).isEqualTo(data));
        }

        @Test
        public void purgingAnActiveRunIsRefusedAndRemovesNothing() {
            ExperimentId exp = experiment(uniqueName("gc-refuse"));
            RunId id = fullRun(exp);
            assertError(() -> store.purgeRun(id), ErrorCode.INVALID_PARAMETER_VALUE);
            assertThat(params(store.getRun(id))).containsEntry("lr", "0.1");
            assertThat(history(id, "loss")).hasSize(2);
        }

        @Test
        public void purgingAMissingRunOrTwiceIsNotFound() {
            assertError(() -> store.purgeRun(MISSING_RUN), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            RunId id = run(experiment(uniqueName("gc-twice"))).info().runId();
            store.deleteRun(id);
            store.purgeRun(id);
            assertError(() -> store.purgeRun(id), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        }

        @Test
        public void runOfADeletedExperimentCanBePurgedAlone() {
            ExperimentId exp = experiment(uniqueName("gc-exp-run"));
            RunId id = fullRun(exp);
            RunId other = run(exp).info().runId();
            store.deleteExperiment(exp);
            store.purgeRun(id);
            assertError(() -> store.getRun(id), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertThat(store.getRun(other).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
            assertThat(store.getExperiment(exp).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        }

        @Test
        public void purgedExperimentTakesEveryRunAndFreesItsName() {
            String name = uniqueName("gc-exp");
            ExperimentId exp = store.createExperiment(name, null, List.of(new Tag("owner", "gc")));
            RunId deletedEarlier = fullRun(exp);
            store.deleteRun(deletedEarlier);
            RunId deletedWith = fullRun(exp);
            ExperimentId neighbour = experiment(uniqueName("gc-neighbour"));
            RunId kept = fullRun(neighbour);
            store.deleteExperiment(exp);
            store.purgeExperiment(exp);
            assertError(() -> store.getExperiment(exp), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertError(() -> store.getRun(deletedEarlier), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertError(() -> store.getRun(deletedWith), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertThat(store.getExperimentByName(name)).isEmpty();
            assertThat(deletedExperimentIds(later())).doesNotContain(exp);
            assertThat(deletedRunIds(later())).doesNotContain(deletedEarlier, deletedWith);
            assertThat(idsOf(searchExperiments("", ViewType.ALL, 100))).doesNotContain(exp.value());
            ExperimentId again = experiment(name);
            assertThat(store.getExperiment(again).tags()).isEmpty();
            assertThat(searchRunIds(again, "")).isEmpty();
            assertThat(params(store.getRun(kept))).containsEntry("lr", "0.1");
            assertThat(store.getRun(kept).inputs().datasetInputs()).hasSize(1);
        }

        @Test
        public void purgingAnActiveExperimentIsRefusedAndRemovesNothing() {
            ExperimentId exp = experiment(uniqueName("gc-exp-refuse"));
            RunId id = fullRun(exp);
            store.deleteRun(id);
            assertError(() -> store.purgeExperiment(exp), ErrorCode.INVALID_PARAMETER_VALUE);
            assertThat(store.getExperiment(exp).lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
            assertThat(params(store.getRun(id))).containsEntry("lr", "0.1");
        }

        @Test
        public void purgingAMissingExperimentOrTwiceIsNotFound() {
            assertError(() -> store.purgeExperiment(MISSING_EXPERIMENT), ErrorCode.RESOURCE_DOES_NOT_EXIST);
            ExperimentId exp = experiment(uniqueName("gc-exp-twice"));
            store.deleteExperiment(exp);
            store.purgeExperiment(exp);
            assertError(() -> store.purgeExperiment(exp), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        }
    }

    // ---------------------------------------------------------------- search runs

    /**
     * Fixture: four active runs and one deleted run in one experiment.
     * <pre>
     *        start name    user   status    end   loss  acc   lr     model team     dataset(context)
     *   r1   1000  alpha   alice  FINISHED  2000  0.5   0.9   "0.1"  cnn   vision   mnist/d1 (training)
     *   r2   2000  beta    bob    RUNNING   -     0.3   NaN   "0.01" rnn   Vision   mnist/d1 (eval)
     *   r3   3000  gamma   alice  FAILED    4000  +Inf  -     "0.1"  -     -        cifar/d2 (training)
     *   r4   4000  delta   bob    RUNNING   -     -     -     -      -     nlp      -
     *   r5   5000  epsilon alice  RUNNING (deleted)  0.1
     * </pre>
     */
    @Nested
    public class SearchRuns {
        protected ExperimentId exp;
        protected RunId r1;
        protected RunId r2;
        protected RunId r3;
        protected RunId r4;
        protected RunId r5;

        @BeforeEach
        void fixture() {
            exp = experiment("search-runs");
            r1 = run(exp, 1000, "alpha", "alice").info().runId();
            r2 = run(exp, 2000, "beta", "bob").info().runId();
            r3 = run(exp, 3000, "gamma", "alice").info().runId();
            r4 = run(exp, 4000, "delta", "bob").info().runId();
            r5 = run(exp, 5000, "epsilon", "alice").info().runId();
            store.logBatch(r1, List.of(metric("loss", 0.5, 1, 0), metric("acc", 0.9, 1, 0)),
                    List.of(new Param("lr", "0.1"), new Param("model", "cnn")),
                    List.of(new Tag("team", "vision"), new Tag("note", "50% off")));
            store.logBatch(r2, List.of(metric("loss", 0.3, 1, 0), metric("acc", Double.NaN, 1, 0)),
                    List.of(new Param("lr", "0.01"), new Param("model", "rnn")),
                    List.of(new Tag("team", "Vision"), new Tag("note", "500 off")));
            store.logBatch(r3, List.of(metric("loss", Double.POSITIVE_INFINITY, 1, 0)),
                    List.of(new Param("lr", "0.1")), List.of());
            store.logBatch(r4, List.of(), List.of(), List.of(new Tag("team", "nlp")));
            store.logMetric(r5, metric("loss", 0.1, 1, 0));
            store.updateRun(r1, RunStatus.FINISHED, 2000L, null);
            store.updateRun(r3, RunStatus.FAILED, 4000L, null);
            store.deleteRun(r5);
            Dataset mnist = new Dataset("mnist", "d1", "http", "{}", null, null);
            Dataset cifar = new Dataset("cifar", "d2", "http", "{}", null, null);
            store.logInputs(r1, List.of(new DatasetInput(List.of(new Tag(DatasetInput.CONTEXT_TAG, "training")), mnist)));
            store.logInputs(r2, List.of(new DatasetInput(List.of(new Tag(DatasetInput.CONTEXT_TAG, "eval")), mnist)));
            store.logInputs(r3, List.of(new DatasetInput(List.of(new Tag(DatasetInput.CONTEXT_TAG, "training")), cifar)));
        }

        private List<RunId> search(String filter, String... orderBy) {
            return searchRunIds(exp, filter, orderBy);
        }

        @Test
        public void noFilterReturnsActiveRunsNewestFirst() {
            assertThat(search("")).containsExactly(r4, r3, r2, r1);
        }

        @Test
        public void resultsCarryTheirData() {
            Page<Run> page = store.searchRuns(new RunSearch(List.of(exp), SearchParser.parseRunFilter("attributes.run_name = 'alpha'"),
                    ViewType.ACTIVE_ONLY, 10, List.of(), PageToken.FIRST));
            assertThat(page.items()).singleElement().satisfies(run -> {
                Run direct = store.getRun(r1);
                assertThat(run.info()).isEqualTo(direct.info());
                assertThat(tags(run)).isEqualTo(tags(direct));
                assertThat(run.data().metrics()).containsExactlyInAnyOrderElementsOf(direct.data().metrics());
                assertThat(params(run)).containsEntry("lr", "0.1");
                assertThat(latest(run, "loss")).map(Metric::value).contains(0.5);
                assertThat(run.inputs().datasetInputs()).hasSize(1);
            });
        }

        @Test
        public void viewTypes() {
            assertThat(searchRunIds(List.of(exp), "", ViewType.DELETED_ONLY, 100)).containsExactly(r5);
            assertThat(searchRunIds(List.of(exp), "", ViewType.ALL, 100)).containsExactly(r5, r4, r3, r2, r1);
        }

        @Test
        public void severalExperiments() {
            ExperimentId other = experiment("search-other");
            RunId o = run(other, 1500, "other", "carol").info().runId();
            assertThat(searchRunIds(List.of(exp, other), "", ViewType.ACTIVE_ONLY, 100)).containsExactly(r4, r3, r2, o, r1);
            assertThat(searchRunIds(List.of(other), "", ViewType.ACTIVE_ONLY, 100)).containsExactly(o);
        }

        @Test
        public void metricComparisons() {
            assertThat(search("metrics.loss < 0.4")).containsExactly(r2);
            assertThat(search("metrics.loss > 0.4")).containsExactly(r3, r1);
            assertThat(search("metrics.loss >= 0.5")).containsExactly(r3, r1);
            assertThat(search("metrics.loss <= 0.5")).containsExactly(r2, r1);
            assertThat(search("metrics.loss = 0.3")).containsExactly(r2);
            // a run without the metric never matches, not even !=
            assertThat(search("metrics.loss != 0.5")).containsExactly(r3, r2);
        }

        @Test
        public void nanSatisfiesOnlyNotEquals() {
            assertThat(search("metrics.acc != 0.9")).containsExactly(r2);
            assertThat(search("metrics.acc > 0")).containsExactly(r1);
            assertThat(search("metrics.acc < 1")).containsExactly(r1);
            assertThat(search("metrics.acc = 0")).isEmpty();
        }

        @Test
        public void paramComparisons() {
            assertThat(search("params.lr = '0.1'")).containsExactly(r3, r1);
            assertThat(search("params.model != 'cnn'")).containsExactly(r2);
            assertThat(search("params.model LIKE 'c%'")).containsExactly(r1);
            assertThat(search("params.lr LIKE '0.0_'")).containsExactly(r2);
            assertThat(search("params.model ILIKE '%NN'")).containsExactly(r2, r1);
            assertThat(search("params.model LIKE '%NN'")).isEmpty();
        }

        @Test
        public void tagComparisons() {
            assertThat(search("tags.team = 'vision'")).containsExactly(r1);
            assertThat(search("tags.team LIKE 'v%'")).containsExactly(r1);
            assertThat(search("tags.team ILIKE 'v%'")).containsExactly(r2, r1);
            assertThat(search("tags.team != 'nlp'")).containsExactly(r2, r1);
            assertThat(search("tags.`team` = 'nlp'")).containsExactly(r4);
        }

        @Test
        public void likeEscapes() {
            assertThat(search("tags.note LIKE '50\\% %'")).containsExactly(r1);
            assertThat(search("tags.note LIKE '50_ off'")).containsExactly(r2, r1);
            assertThat(search("tags.note LIKE '50%'")).containsExactly(r2, r1);
            assertThat(search("tags.note LIKE '50'")).isEmpty();
        }

        @Test
        public void attributeComparisons() {
            assertThat(search("attributes.status = 'FINISHED'")).containsExactly(r1);
            assertThat(search("attributes.status = 'RUNNING'")).containsExactly(r4, r2);
            assertThat(search("attributes.status != 'RUNNING'")).containsExactly(r3, r1);
            assertThat(search("attributes.run_name = 'beta'")).containsExactly(r2);
            assertThat(search("attributes.run_name LIKE 'g%'")).containsExactly(r3);
            assertThat(search("attributes.run_name ILIKE 'G%'")).containsExactly(r3);
            assertThat(search("attributes.user_id = 'alice'")).containsExactly(r3, r1);
            assertThat(search("attributes.start_time >= 2000")).containsExactly(r4, r3, r2);
            assertThat(search("attributes.start_time < 2000")).containsExactly(r1);
            assertThat(search("attributes.end_time > 0")).containsExactly(r3, r1);
            assertThat(search("attributes.end_time <= 2000")).containsExactly(r1);
            assertThat(search("attributes.artifact_uri LIKE '%" + r2.value() + "%'")).containsExactly(r2);
        }

        @Test
        public void runIdIn() {
            assertThat(search("attributes.run_id IN ('" + r1.value() + "', '" + r3.value() + "')")).containsExactly(r3, r1);
            assertThat(search("attributes.run_id NOT IN ('" + r1.value() + "')")).containsExactly(r4, r3, r2);
            assertThat(search("attributes.run_id = '" + r2.value() + "'")).containsExactly(r2);
        }

        @Test
        public void datasetComparisons() {
            assertThat(search("datasets.name = 'mnist'")).containsExactly(r2, r1);
            assertThat(search("datasets.digest = 'd2'")).containsExactly(r3);
            assertThat(search("datasets.context = 'training'")).containsExactly(r3, r1);
            assertThat(search("datasets.name IN ('cifar', 'imagenet')")).containsExactly(r3);
            assertThat(search("datasets.name = 'mnist' AND datasets.context = 'eval'")).containsExactly(r2);
        }

        @Test
        public void conjunctions() {
            assertThat(search("metrics.loss > 0 AND params.lr = '0.1'")).containsExactly(r3, r1);
            assertThat(search("metrics.loss > 0 AND params.lr = '0.1' AND attributes.status = 'FAILED'")).containsExactly(r3);
            assertThat(search("tags.team ILIKE 'VISION' and metrics.loss < 1")).containsExactly(r2, r1);
        }

        @Test
        public void filterBuiltWithoutTheParser() {
            SearchFilter filter = new SearchFilter(List.of(new dev.cairn.core.search.Comparison(
                    dev.cairn.core.search.EntityKind.PARAM, "lr", dev.cairn.core.search.Comparator.EQ,
                    new dev.cairn.core.search.Literal.Text("0.01"))));
            Page<Run> page = store.searchRuns(new RunSearch(List.of(exp), filter, ViewType.ACTIVE_ONLY, 10,
                    List.of(new OrderBy(dev.cairn.core.search.EntityKind.ATTRIBUTE, "start_time", true)), PageToken.FIRST));
            assertThat(page.items()).extracting(r -> r.info().runId()).containsExactly(r2);
        }

        @Test
        public void orderByMetricPutsMissingLastInBothDirections() {
            assertThat(search("", "metrics.loss ASC")).containsExactly(r2, r1, r3, r4);
            assertThat(search("", "metrics.loss DESC")).containsExactly(r3, r1, r2, r4);
        }

        /**
         * MLflow's rule: numbers in the requested direction, then NaN, then runs without the
         * metric, whichever the direction; NaNs tie and fall through to start_time DESC.
         */
        @Test
        public void orderByMetricPutsNanAfterEveryNumberInBothDirections() {
            store.logMetric(r3, metric("acc", Double.POSITIVE_INFINITY, 1, 0));
            assertThat(search("", "metrics.acc ASC")).containsExactly(r1, r3, r2, r4);
            assertThat(search("", "metrics.acc DESC")).containsExactly(r3, r1, r2, r4);

            store.logMetric(r1, metric("acc", Double.NaN, 2, 0));
            store.logMetric(r4, metric("acc", Double.NEGATIVE_INFINITY, 1, 0));
            assertThat(search("", "metrics.acc ASC")).containsExactly(r4, r3, r2, r1);
            assertThat(search("", "metrics.acc DESC")).containsExactly(r3, r4, r2, r1);
        }

        @Test
        public void orderByParamIsTextualWithStartTimeTieBreak() {
            // "0.01" < "0.1"; r1 and r3 tie on "0.1" and fall back to start_time DESC
            assertThat(search("", "params.lr ASC")).containsExactly(r2, r3, r1, r4);
            assertThat(search("", "params.lr DESC")).containsExactly(r3, r1, r2, r4);
        }

        @Test
        public void orderByTagIsCaseSensitiveCodePointOrder() {
            // "Vision" < "nlp" < "vision" by code point
            assertThat(search("", "tags.team ASC")).containsExactly(r2, r4, r1, r3);
        }

        @Test
        public void orderByAttributes() {
            assertThat(search("", "attributes.run_name ASC")).containsExactly(r1, r2, r4, r3);
            assertThat(search("", "attributes.start_time ASC")).containsExactly(r1, r2, r3, r4);
            assertThat(search("", "attributes.end_time ASC")).containsExactly(r1, r3, r4, r2);
            assertThat(search("", "attributes.end_time DESC")).containsExactly(r3, r1, r4, r2);
            assertThat(search("", "attributes.user_id DESC", "attributes.start_time ASC")).containsExactly(r2, r4, r1, r3);
        }

        @Test
        public void orderByDefaultsToAscending() {
            assertThat(search("", "metrics.loss")).containsExactly(r2, r1, r3, r4);
        }

        @Test
        public void tieBreakIsRunIdAscending() {
            ExperimentId same = experiment("same-start");
            List<RunId> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(run(same, 777, "same-" + i, "u").info().runId());
            }
            ids.sort(Comparator.comparing(RunId::value));
            assertThat(searchRunIds(same, "")).containsExactlyElementsOf(ids);
            assertThat(searchRunIds(same, "", "attributes.start_time DESC")).containsExactlyElementsOf(ids);
        }

        @Test
        public void pagingFollowsTokens() {
            List<RunId> all = search("");
            for (int pageSize = 1; pageSize <= 5; pageSize++) {
                assertThat(searchRunIds(List.of(exp), "", ViewType.ACTIVE_ONLY, pageSize)).as("page size %d", pageSize)
                        .containsExactlyElementsOf(all);
            }
            assertThat(searchRunIds(List.of(exp), "metrics.loss > 0", ViewType.ACTIVE_ONLY, 1, "metrics.loss DESC"))
                    .containsExactly(r3, r1, r2);
        }

        @Test
        public void firstPageHasATokenWhenMoreRunsExist() {
            Page<Run> first = store.searchRuns(new RunSearch(List.of(exp), SearchFilter.ALL, ViewType.ACTIVE_ONLY, 3,
                    List.of(), PageToken.FIRST));
            assertThat(first.items()).extracting(r -> r.info().runId()).containsExactly(r4, r3, r2);
            assertThat(first.nextPageToken()).isNotNull();
            Page<Run> second = store.searchRuns(new RunSearch(List.of(exp), SearchFilter.ALL, ViewType.ACTIVE_ONLY, 3,
                    List.of(), PageToken.parse(first.nextPageToken())));
            assertThat(second.items()).extracting(r -> r.info().runId()).containsExactly(r1);
            assertThat(second.nextPageToken()).isNull();
        }

        @Test
        public void badPageTokenIsRefused() {
            assertError(() -> PageToken.parse("not a token!"), ErrorCode.INVALID_PARAMETER_VALUE);
        }
    }

    // ---------------------------------------------------------------- search experiments

    @Nested
    public class SearchExperiments {
        @Test
        public void defaultOrderIsCreationTimeDescThenIdAsc() throws InterruptedException {
            for (int i = 0; i < 4; i++) {
                experiment("order-" + i);
                if (i == 1) {
                    Thread.sleep(5);
                }
            }
            List<Experiment> found = searchExperiments("", ViewType.ACTIVE_ONLY, 100);
            assertThat(found).hasSize(5);
            List<Experiment> expected = new ArrayList<>(found);
            expected.sort(Comparator.comparingLong(Experiment::creationTime).reversed()
                    .thenComparingLong(e -> Long.parseLong(e.experimentId().value())));
            assertThat(idsOf(found)).containsExactlyElementsOf(idsOf(expected));
        }

        @Test
        public void filterByName() {
            ExperimentId a = experiment("proj-alpha");
            ExperimentId b = experiment("proj-beta");
            experiment("other");
            assertThat(idsOf(searchExperiments("name LIKE 'proj-%'", ViewType.ACTIVE_ONLY, 100, "name ASC")))
                    .containsExactly(a.value(), b.value());
            assertThat(idsOf(searchExperiments("attributes.name = 'proj-beta'", ViewType.ACTIVE_ONLY, 100)))
                    .containsExactly(b.value());
            assertThat(idsOf(searchExperiments("name ILIKE 'PROJ-A%'", ViewType.ACTIVE_ONLY, 100))).containsExactly(a.value());
            assertThat(idsOf(searchExperiments("name LIKE 'PROJ-A%'", ViewType.ACTIVE_ONLY, 100))).isEmpty();
            assertThat(idsOf(searchExperiments("name != 'other'", ViewType.ACTIVE_ONLY, 100, "name ASC")))
                    .containsExactly(ExperimentId.DEFAULT.value(), a.value(), b.value());
        }

        @Test
        public void filterByTag() {
            ExperimentId a = store.createExperiment("tag-a", null, List.of(new Tag("owner", "alice")));
            ExperimentId b = store.createExperiment("tag-b", null, List.of(new Tag("owner", "bob")));
            experiment("tag-none");
            assertThat(idsOf(searchExperiments("tags.owner = 'alice'", ViewType.ACTIVE_ONLY, 100))).containsExactly(a.value());
            assertThat(idsOf(searchExperiments("tags.owner != 'alice'", ViewType.ACTIVE_ONLY, 100))).containsExactly(b.value());
            assertThat(idsOf(searchExperiments("tags.owner LIKE '%o%'", ViewType.ACTIVE_ONLY, 100))).containsExactly(b.value());
        }

        @Test
        public void filterByTime() {
            ExperimentId a = experiment("time-a");
            long created = store.getExperiment(a).creationTime();
            assertThat(idsOf(searchExperiments("creation_time >= " + created, ViewType.ACTIVE_ONLY, 100))).contains(a.value());
            assertThat(idsOf(searchExperiments("creation_time > " + (created + 60_000), ViewType.ACTIVE_ONLY, 100))).isEmpty();
            assertThat(idsOf(searchExperiments("last_update_time >= " + created, ViewType.ACTIVE_ONLY, 100))).contains(a.value());
        }

        @Test
        public void viewTypes() {
            ExperimentId live = experiment("live");
            ExperimentId gone = experiment("gone");
            store.deleteExperiment(gone);
            assertThat(idsOf(searchExperiments("", ViewType.ACTIVE_ONLY, 100))).contains(live.value(), "0").doesNotContain(gone.value());
            assertThat(idsOf(searchExperiments("", ViewType.DELETED_ONLY, 100))).containsExactly(gone.value());
            assertThat(idsOf(searchExperiments("", ViewType.ALL, 100))).containsExactlyInAnyOrder(live.value(), gone.value(), "0");
        }

        @Test
        public void orderByNameAndId() {
            ExperimentId c = experiment("c");
            ExperimentId a = experiment("a");
            ExperimentId b = experiment("b");
            assertThat(idsOf(searchExperiments("", ViewType.ACTIVE_ONLY, 100, "name DESC")))
                    .containsExactly(c.value(), b.value(), a.value(), "0");
            // ids compare as numbers, so "10" would come after "9"
            List<String> byId = idsOf(searchExperiments("", ViewType.ACTIVE_ONLY, 100, "experiment_id ASC"));
            List<String> expected = new ArrayList<>(byId);
            expected.sort(Comparator.comparingLong(Long::parseLong));
            assertThat(byId).containsExactlyElementsOf(expected).hasSize(4);
        }

        @Test
        public void paging() {
            for (int i = 0; i < 6; i++) {
                experiment("page-" + i);
            }
            List<String> all = idsOf(searchExperiments("", ViewType.ACTIVE_ONLY, 100, "name ASC"));
            assertThat(all).hasSize(7);
            for (int pageSize = 1; pageSize <= 4; pageSize++) {
                assertThat(idsOf(searchExperiments("", ViewType.ACTIVE_ONLY, pageSize, "name ASC"))).as("page size %d", pageSize)
                        .containsExactlyElementsOf(all);
            }
        }

        @Test
        public void maxResultsMustBePositive() {
            assertError(() -> store.searchExperiments(new ExperimentSearch(SearchFilter.ALL, ViewType.ALL, 0, List.of(), PageToken.FIRST)),
                    ErrorCode.INVALID_PARAMETER_VALUE);
        }
    }

    // ---------------------------------------------------------------- concurrency

    @Nested
    public class Concurrency {
        @Test
        @Timeout(value = 120, unit = TimeUnit.SECONDS)
        public void concurrentLoggingToOneRunLosesNoPoint() throws Exception {
            RunId runId = run(experiment("concurrent")).info().runId();
            int threads = 8;
            int batches = 25;
            int perBatch = 10;
            runConcurrently(threads, t -> {
                for (int b = 0; b < batches; b++) {
                    List<Metric> points = new ArrayList<>();
                    for (int i = 0; i < perBatch; i++) {
                        long step = ((long) t * batches + b) * perBatch + i;
                        points.add(metric("m", step, 1_000 + step, step));
                    }
                    store.logBatch(runId, points, List.of(), List.of(new Tag("thread-" + t, "b" + b)));
                }
                return null;
            });
            List<Metric> history = history(runId, "m");
            assertThat(history).hasSize(threads * batches * perBatch);
            assertThat(history).extracting(Metric::step).doesNotHaveDuplicates().isSorted();
            long maxStep = (long) threads * batches * perBatch - 1;
            Run run = store.getRun(runId);
            assertThat(latest(run, "m")).contains(metric("m", maxStep, 1_000 + maxStep, maxStep));
            for (int t = 0; t < threads; t++) {
                assertThat(tags(run)).containsEntry("thread-" + t, "b" + (batches - 1));
            }
        }

        @Test
        @Timeout(value = 120, unit = TimeUnit.SECONDS)
        public void concurrentRunCreationYieldsDistinctRuns() throws Exception {
            ExperimentId exp = experiment("concurrent-create");
            Set<RunId> ids = ConcurrentHashMap.newKeySet();
            runConcurrently(8, t -> {
                for (int i = 0; i < 20; i++) {
                    ids.add(run(exp).info().runId());
                }
                return null;
            });
            assertThat(ids).hasSize(160);
            assertThat(searchRunIds(List.of(exp), "", ViewType.ALL, 1000)).containsExactlyInAnyOrderElementsOf(ids);
        }

        @Test
        @Timeout(value = 120, unit = TimeUnit.SECONDS)
        public void concurrentExperimentCreationWithTheSameNameCreatesOne() throws Exception {
            List<Object> outcomes = runConcurrently(6, t -> {
                try {
                    return store.createExperiment("race", null, List.of());
                } catch (CairnException e) {
                    return e.code();
                }
            });
            assertThat(outcomes.stream().filter(o -> o instanceof ExperimentId).count()).isEqualTo(1);
            assertThat(outcomes.stream().filter(o -> o instanceof ErrorCode)).containsOnly(ErrorCode.RESOURCE_ALREADY_EXISTS);
        }

        private <T> List<T> runConcurrently(int threads, ThreadBody<T> body) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<T>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    Callable<T> task = () -> {
                        start.await();
                        return body.run(thread);
                    };
                    futures.add(pool.submit(task));
                }
                start.countDown();
                List<T> results = new ArrayList<>();
                for (Future<T> f : futures) {
                    results.add(f.get(110, TimeUnit.SECONDS));
                }
                return results;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @FunctionalInterface
    protected interface ThreadBody<T> {
        T run(int thread) throws Exception;
    }
}
