package dev.cairn.store.file;

import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.Metric;
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
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Measures searchRuns of one store instance over a 1,000-run experiment shaped like cairn-bench's
 * search fixture (10 params, 10 metrics, 5 tags per run; its filter, 100 per page) while a second
 * JVM appends metric points to random runs of the same directory ({@link AppenderMain}).
 * Not a test: run by hand to compare before and after a change.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) dev.cairn.store.file.SearchLoadMain \
 *     /tmp/load-dir 1000 8 10 100
 * </pre>
 * Arguments: directory (reused when it already holds the fixture), runs, search threads, seconds,
 * appender batches per second in the other JVM (0 = no appender, -1 = as fast as it can); optionally
 * one order_by term ("" for none), the filter ("" for none) and the page size (100).
 */
public final class SearchLoadMain {
    static final String FILTER = "params.optimizer = 'adam' AND metrics.accuracy > 0.2 AND tags.team = 'vision'";
    private static final String[] OPTIMIZERS = {"adam", "sgd", "rmsprop"};
    private static final String[] TEAMS = {"vision", "nlp"};
    private static final List<String> METRICS = List.of("accuracy", "loss", "val_accuracy", "val_loss", "precision",
            "recall", "f1", "auc", "epoch_time", "throughput");

    private SearchLoadMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        int appendRate = Integer.parseInt(args[4]);
        List<String> orderBy = args.length > 5 && !args[5].isEmpty() ? List.of(args[5]) : List.of();
        String filter = args.length > 6 ? args[6] : FILTER;
        int pageSize = args.length > 7 ? Integer.parseInt(args[7]) : 100;

        ExperimentId exp = fixture(dir, runs);
        FileTrackingStore store = new FileTrackingStore(dir, null);
        RunSearch search = new RunSearch(List.of(exp), SearchParser.parseRunFilter(filter), ViewType.ACTIVE_ONLY, pageSize,
                SearchParser.parseRunOrderBy(orderBy), PageToken.FIRST);
        long cold = System.nanoTime();
        int matched = store.searchRuns(search).items().size();
        System.out.printf("cold search: %.1f ms, %d runs on the first page%n", (System.nanoTime() - cold) / 1e6, matched);

        Process appender = null;
        if (appendRate != 0) {
            String java = ProcessHandle.current().info().command().orElse("java");
            appender = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AppenderMain.class.getName(),
                    dir.toString(), exp.value(), Integer.toString(appendRate))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            Thread.sleep(1500);
        }
        try {
            measure(store, search, threads, 2.0);
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            List<Long> micros = measure(store, search, threads, seconds);
            double cpuPerRequest = (os.getProcessCpuTime() - cpuBefore) / 1e6 / micros.size();
            Collections.sort(micros);
            System.out.printf("searchRuns [%s] %s, page %d, %d threads, appender %s: %d requests in %.0f s = %.1f req/s, p50 %.2f ms,"
                            + " p90 %.2f ms, p99 %.2f ms; process CPU %.2f ms per request%n",
                    filter, orderBy.isEmpty() ? "(default order)" : orderBy, pageSize, threads,
                    appendRate == 0 ? "off" : appendRate < 0 ? "unthrottled" : appendRate + " batches/s",
                    micros.size(), seconds, micros.size() / seconds, pct(micros, 50), pct(micros, 90), pct(micros, 99),
                    cpuPerRequest);
        } finally {
            if (appender != null) {
                appender.destroy();
                appender.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1000.0;
    }

    /** Wall time of each request in µs. */
    private static List<Long> measure(FileTrackingStore store, RunSearch search, int threads, double seconds)
            throws InterruptedException {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        List<Long> all = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                List<Long> mine = new ArrayList<>();
                while (System.nanoTime() < until) {
                    long start = System.nanoTime();
                    store.searchRuns(search);
                    mine.add((System.nanoTime() - start) / 1000);
                }
                all.addAll(mine);
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        return new ArrayList<>(all);
    }

    /** Makes (or finds) the experiment "load-&lt;runs&gt;" with runs shaped like cairn-bench's. */
    static ExperimentId fixture(Path dir, int runs) {
        FileTrackingStore store = new FileTrackingStore(dir, null);
        String name = "load-" + runs;
        Optional<Experiment> existing = store.getExperimentByName(name);
        if (existing.isPresent()) {
            return existing.get().experimentId();
        }
        ExperimentId exp = store.createExperiment(name + "-building", null, List.of());
        for (int index = 0; index < runs; index++) {
            Random random = new Random(index);
            RunId id = store.createRun(new CreateRunRequest(exp, "u", 1_700_000_000_000L + index * 1000L, List.of(),
                    "bench-run-" + index)).info().runId();
            List<Param> params = List.of(
                    new Param("optimizer", OPTIMIZERS[index % OPTIMIZERS.length]),
                    new Param("model", "m" + random.nextInt(5)),
                    new Param("learning_rate", String.valueOf(Math.pow(10, -1 - random.nextInt(4)))),
                    new Param("batch_size", String.valueOf(16 << random.nextInt(4))),
                    new Param("epochs", String.valueOf(5 + random.nextInt(50))),
                    new Param("layers", String.valueOf(2 + random.nextInt(20))),
                    new Param("dropout", String.format("%.2f", random.nextDouble() * 0.5)),
                    new Param("weight_decay", String.valueOf(random.nextDouble() * 1e-3)),
                    new Param("activation", random.nextBoolean() ? "relu" : "gelu"),
                    new Param("seed", String.valueOf(index)));
            List<Metric> metrics = new ArrayList<>();
            for (String key : METRICS) {
                metrics.add(new Metric(key, random.nextDouble(), 1_700_000_000_000L + index * 1000L + 500, 0));
            }
            List<Tag> tags = List.of(
                    new Tag("team", TEAMS[(index / OPTIMIZERS.length) % TEAMS.length]),
                    new Tag("stage", random.nextBoolean() ? "dev" : "prod"),
                    new Tag("owner", "user" + random.nextInt(10)),
                    new Tag("dataset", "dataset-" + random.nextInt(5)),
                    new Tag("cairn.bench.index", String.valueOf(index)));
            store.logBatch(id, metrics, params, tags);
        }
        store.renameExperiment(exp, name);
        return exp;
    }

    /** The other process: appends one metric point per batch to random runs, at a given rate. */
    public static final class AppenderMain {
        private AppenderMain() {}

        public static void main(String[] args) throws Exception {
            FileTrackingStore store = new FileTrackingStore(Path.of(args[0]), null);
            ExperimentId exp = ExperimentId.of(args[1]);
            int rate = Integer.parseInt(args[2]);
            List<RunId> ids = new ArrayList<>();
            for (Run r : store.searchRuns(new RunSearch(List.of(exp), dev.cairn.core.search.SearchFilter.ALL,
                    ViewType.ACTIVE_ONLY, 50_000, List.of(), PageToken.FIRST)).items()) {
                ids.add(r.info().runId());
            }
            Random random = new Random(42);
            long step = 1;
            long started = System.nanoTime();
            while (true) {
                RunId id = ids.get(random.nextInt(ids.size()));
                String key = METRICS.get(random.nextInt(METRICS.size()));
                store.logBatch(id, List.of(new Metric(key, random.nextDouble(), System.currentTimeMillis(), step)), List.of(), List.of());
                step++;
                if (rate > 0) {
                    long due = started + step * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
        }
    }
}
