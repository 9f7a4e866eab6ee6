package dev.cairn.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.Tag;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchParser;
import dev.cairn.core.store.CreateRunRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchRunsTest {
    @TempDir
    Path dir;

    @Test
    void filtersOrdersAndPagesWithTheSharedSearchSemantics() {
        FileTrackingStore store = new FileTrackingStore(dir, null);
        ExperimentId exp = store.createExperiment("search", null, List.of());
        List<RunId> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RunId id = store.createRun(new CreateRunRequest(exp, "u" + (i % 2), 1000L + i, List.of(), "run-" + i)).info().runId();
            store.logBatch(id, List.of(new Metric("loss", 1.0 / (i + 1), 1L, 0)), List.of(new Param("i", Integer.toString(i))),
                    List.of(new Tag("parity", i % 2 == 0 ? "even" : "odd")));
            ids.add(id);
        }
        List<Run> even = search(store, exp, "tags.parity = 'even' and metrics.loss < 0.3", List.of("metrics.loss ASC"), 100, null).items();
        assertThat(even).extracting(r -> r.info().runName()).containsExactly("run-8", "run-6", "run-4");

        Page<Run> first = search(store, exp, "attributes.user_id = 'u1'", List.of(), 2, null);
        assertThat(first.items()).extracting(r -> r.info().runName()).containsExactly("run-9", "run-7");
        Page<Run> second = search(store, exp, "attributes.user_id = 'u1'", List.of(), 2, first.nextPageToken());
        assertThat(second.items()).extracting(r -> r.info().runName()).containsExactly("run-5", "run-3");
        assertThat(search(store, exp, "params.i LIKE '1%'", List.of(), 100, null).items())
                .extracting(r -> r.info().runId()).containsExactly(ids.get(1));
    }

    /**
     * Not a benchmark (cairn-bench measures), but a guard that searching 1,000 runs stays far from
     * rereading every file while another store appends to the same directory.
     */
    @Test
    void searchOverAThousandRunsStaysFastWhileAnotherStoreAppends() throws Exception {
        FileTrackingStore writer = new FileTrackingStore(dir, null);
        ExperimentId exp = writer.createExperiment("big", null, List.of());
        List<RunId> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            RunId id = writer.createRun(new CreateRunRequest(exp, "u", i, List.of(new Tag("mlflow.user", "u")), null)).info().runId();
            writer.logBatch(id, List.of(new Metric("loss", i, 1L, 0), new Metric("acc", i, 1L, 0)),
                    List.of(new Param("lr", "0.1"), new Param("bs", Integer.toString(i))), List.of(new Tag("k", "v")));
            ids.add(id);
        }
        FileTrackingStore reader = new FileTrackingStore(dir, null);
        search(reader, exp, "metrics.loss >= 0", List.of("metrics.loss DESC"), 1000, null);
        AtomicBoolean stop = new AtomicBoolean();
        Thread appender = Thread.ofPlatform().start(() -> {
            long step = 1;
            while (!stop.get()) {
                writer.logMetric(ids.get((int) (step % ids.size())), new Metric("loss", 5000 + step, 2L, step));
                step++;
            }
        });
        List<Long> micros = new ArrayList<>();
        long until = System.nanoTime() + 3_000_000_000L;
        try {
            while (System.nanoTime() < until) {
                long start = System.nanoTime();
                List<Run> runs = search(reader, exp, "metrics.loss >= 0", List.of("metrics.loss DESC"), 1000, null).items();
                micros.add((System.nanoTime() - start) / 1000);
                assertThat(runs).hasSize(1000);
            }
        } finally {
            stop.set(true);
            appender.join();
        }
        List<Long> sorted = micros.stream().sorted().toList();
        long p50 = sorted.get(sorted.size() / 2);
        System.out.printf("searchRuns over 1,000 runs while appending: %d requests in 3 s, p50 %.1f ms, p90 %.1f ms%n",
                sorted.size(), p50 / 1000.0, sorted.get(sorted.size() * 9 / 10) / 1000.0);
        assertThat(p50).isLessThan(500_000);
    }

    private static Page<Run> search(FileTrackingStore store, ExperimentId exp, String filter, List<String> orderBy, int max, String token) {
        return store.searchRuns(new RunSearch(List.of(exp), SearchParser.parseRunFilter(filter), ViewType.ACTIVE_ONLY, max,
                SearchParser.parseRunOrderBy(orderBy), PageToken.parse(token)));
    }
}
