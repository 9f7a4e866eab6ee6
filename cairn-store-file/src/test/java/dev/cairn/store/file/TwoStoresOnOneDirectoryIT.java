package dev.cairn.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchFilter;
import dev.cairn.core.store.CreateRunRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two store instances on one directory stand in for two processes: neither shares an index with the
 * other, so everything one sees of the other's writes comes from the files.
 */
class TwoStoresOnOneDirectoryIT {
    @TempDir
    Path dir;

    FileTrackingStore writer;
    FileTrackingStore reader;
    ExperimentId exp;

    @BeforeEach
    void open() {
        writer = new FileTrackingStore(dir, null);
        reader = new FileTrackingStore(dir, null);
        exp = writer.createExperiment("shared", null, List.of());
    }

    @Test
    void writesOfOneAreSeenByTheOthersSearch() {
        RunId a = writer.createRun(new CreateRunRequest(exp, "u", 1L, List.of(), "a")).info().runId();
        assertThat(search()).extracting(r -> r.info().runId()).containsExactly(a);

        writer.logBatch(a, List.of(new Metric("loss", 1.0, 10L, 0)), List.of(new Param("p", "1")), List.of(new Tag("t", "x")));
        Run seen = search().get(0);
        assertThat(seen.data().metrics()).containsExactly(new Metric("loss", 1.0, 10L, 0));
        assertThat(seen.data().params()).containsExactly(new Param("p", "1"));
        assertThat(seen.data().tags()).contains(new Tag("t", "x"));

        // Changes right after one another, inside one timestamp tick, must not hide behind equal stamps.
        for (int i = 1; i <= 20; i++) {
            writer.logBatch(a, List.of(new Metric("loss", 1.0 / (i + 1), 10L + i, i)), List.of(), List.of(new Tag("t", "x" + i)));
            Run now = search().get(0);
            assertThat(now.data().metrics()).containsExactly(new Metric("loss", 1.0 / (i + 1), 10L + i, i));
            assertThat(now.data().tags()).contains(new Tag("t", "x" + i));
        }

        writer.updateRun(a, RunStatus.FINISHED, 99L, "renamed");
        assertThat(search().get(0).info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(search().get(0).info().runName()).isEqualTo("renamed");

        writer.deleteTag(a, "t");
        assertThat(search().get(0).data().tags()).extracting(Tag::key).doesNotContain("t");

        RunId b = writer.createRun(new CreateRunRequest(exp, "u", 2L, List.of(), "b")).info().runId();
        assertThat(search()).extracting(r -> r.info().runId()).containsExactly(b, a);
        writer.deleteRun(b);
        assertThat(search()).extracting(r -> r.info().runId()).containsExactly(a);

        writer.deleteExperiment(exp);
        assertThat(reader.getExperiment(exp).lifecycleStage().wireName()).isEqualTo("deleted");
        assertThat(reader.searchRuns(new RunSearch(List.of(exp), SearchFilter.ALL, ViewType.DELETED_ONLY, 100,
                List.of(), PageToken.FIRST)).items()).hasSize(2);
    }

    @Test
    void concurrentAppendsToOneMetricLoseNoPoint() throws Exception {
        RunId run = writer.createRun(new CreateRunRequest(exp, "u", 1L, List.of(), "busy")).info().runId();
        int perWriter = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        FileTrackingStore[] stores = {writer, reader, new FileTrackingStore(dir, null), new FileTrackingStore(dir, null)};
        for (int w = 0; w < stores.length; w++) {
            FileTrackingStore store = stores[w];
            int writerNo = w;
            futures.add(pool.submit((Callable<Void>) () -> {
                for (int i = 0; i < perWriter; i += 4) {
                    List<Metric> batch = new ArrayList<>();
                    for (int j = i; j < i + 4; j++) {
                        batch.add(new Metric("loss", writerNo * 1_000_000 + j, 1_700_000_000_000L + j, writerNo * 1_000_000L + j));
                    }
                    store.logBatch(run, batch, List.of(), List.of());
                }
                return null;
            }));
        }
        // Search while they append: never an error, never a torn value.
        while (futures.stream().anyMatch(f -> !f.isDone())) {
            Run seen = reader.getRun(run);
            seen.data().metrics().forEach(m -> assertThat(m.step()).isEqualTo((long) m.value()));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        List<Metric> history = reader.getMetricHistory(run, "loss", 50_000, PageToken.FIRST).items();
        assertThat(history).hasSize(stores.length * perWriter);
        assertThat(history).allSatisfy(m -> assertThat(m.step()).isEqualTo((long) m.value()));
        assertThat(history.stream().map(Metric::step).distinct().count()).isEqualTo(stores.length * perWriter);
        assertThat(reader.getRun(run).data().metrics()).containsExactly(
                new Metric("loss", 3_000_000 + perWriter - 1, 1_700_000_000_000L + perWriter - 1, 3_000_000L + perWriter - 1));
    }

    @Test
    void concurrentParamWritersAgreeOnOneValue() throws Exception {
        RunId run = writer.createRun(new CreateRunRequest(exp, "u", 1L, List.of(), "p")).info().runId();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Boolean> one = pool.submit(() -> tryParam(writer, run, "one"));
        Future<Boolean> two = pool.submit(() -> tryParam(reader, run, "two"));
        assertThat(List.of(one.get(), two.get())).containsExactlyInAnyOrder(true, false);
        pool.shutdown();
    }

    private static boolean tryParam(FileTrackingStore store, RunId run, String value) {
        try {
            store.logBatch(run, List.of(), List.of(new Param("seed", value)), List.of());
            return true;
        } catch (dev.cairn.core.error.CairnException e) {
            return false;
        }
    }

    @Test
    void corruptMetaYamlIsReportedAndSkippedWithTheRestListed() throws Exception {
        RunId good = writer.createRun(new CreateRunRequest(exp, "u", 1L, List.of(), "good")).info().runId();
        RunId bad = writer.createRun(new CreateRunRequest(exp, "u", 2L, List.of(), "bad")).info().runId();
        RunId empty = writer.createRun(new CreateRunRequest(exp, "u", 3L, List.of(), "empty")).info().runId();
        assertThat(search()).hasSize(3);
        Path badMeta = dir.resolve(exp.value()).resolve(bad.value()).resolve("meta.yaml");
        Files.writeString(badMeta, "artifact_uri: [unclosed\n  run_id: {");
        Files.writeString(dir.resolve(exp.value()).resolve(empty.value()).resolve("meta.yaml"), "");
        Files.writeString(dir.resolve(exp.value()).resolve(good.value()).resolve("metrics").resolve("m"), "12 1.5 0\ngarbage\n13 2.5 1\n14 9");
        ExperimentId broken = writer.createExperiment("broken", null, List.of());
        Files.writeString(dir.resolve(broken.value()).resolve("meta.yaml"), "name: [");

        try (TestDirs.Warnings warnings = new TestDirs.Warnings()) {
            assertThat(search()).extracting(r -> r.info().runId()).containsExactly(good);
            assertThat(search().get(0).data().metrics()).containsExactly(new Metric("m", 2.5, 13L, 1));
            assertThat(reader.searchExperiments(new dev.cairn.core.search.ExperimentSearch(SearchFilter.ALL, ViewType.ALL,
                    100, List.of(), PageToken.FIRST)).items()).extracting(e -> e.name()).containsExactlyInAnyOrder("Default", "shared");
            assertThat(warnings.messages()).anyMatch(m -> m.contains(badMeta.toString()));
            assertThat(warnings.messages()).anyMatch(m -> m.contains(dir.resolve(broken.value()).resolve("meta.yaml").toString()));
            assertThat(warnings.messages()).anyMatch(m -> m.contains("garbage"));
        }
        // The partial last line ("14 9" without newline) becomes visible once completed.
        Files.writeString(dir.resolve(exp.value()).resolve(good.value()).resolve("metrics").resolve("m"), "0 2\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(search().get(0).data().metrics()).containsExactly(new Metric("m", 90.0, 14L, 2));
    }

    private List<Run> search() {
        return reader.searchRuns(new RunSearch(List.of(exp), SearchFilter.ALL, ViewType.ACTIVE_ONLY, 1000, List.of(),
                PageToken.FIRST)).items();
    }
}
