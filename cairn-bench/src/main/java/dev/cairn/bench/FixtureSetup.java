package dev.cairn.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.bench.BenchFixture.HistoryData;
import dev.cairn.bench.BenchFixture.SearchData;
import dev.cairn.bench.RequestBodies.MetricPoint;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes (or finds again) the data the workloads need, through the REST API only, so the same
 * fixture works on any MLflow-compatible server.
 *
 * <p>Read fixtures are costly (1,000 runs, a 100,000-point history), so they are made once per size
 * and found again by name; an experiment tag written last marks one as complete, so an interrupted
 * setup is never mistaken for a finished one.
 */
public final class FixtureSetup {
    static final String SETUP_TAG = "cairn.bench.setup";
    static final String SETUP_COMPLETE = "complete";
    static final String HISTORY_RUN_TAG = "cairn.bench.history_run_id";
    static final String HISTORY_METRIC_KEY = "loss";
    /** MLflow's log-batch limit on metrics per request. */
    static final int METRICS_PER_BATCH = 1000;
    /** Matches roughly an eighth of the search runs: enough for full pages at 1,000 runs. */
    public static final String SEARCH_FILTER =
            "params.optimizer = 'adam' AND metrics.accuracy > 0.2 AND tags.team = 'vision'";

    private static final String[] OPTIMIZERS = {"adam", "sgd", "rmsprop"};
    private static final String[] MODELS = {"cnn", "resnet", "vit", "mlp"};
    private static final String[] TEAMS = {"vision", "nlp"};
    private static final long BASE_TIME = 1_700_000_000_000L;

    private final MlflowHttp http;
    private final RequestBodies bodies;
    private final int parallelism;
    private final PrintStream log;

    public FixtureSetup(MlflowHttp http, int parallelism, PrintStream log) {
        this.http = requireNonNull(http, "http is null");
        this.bodies = new RequestBodies(http.mapper());
        this.parallelism = Math.max(1, parallelism);
        this.log = requireNonNull(log, "log is null");
    }

    public static String searchExperimentName(int runs) {
        return "cairn-bench-search-" + runs + "-runs";
    }

    public static String historyExperimentName(int points) {
        return "cairn-bench-history-" + points + "-points";
    }

    public SearchData ensureSearchData(int runs) throws IOException, InterruptedException {
        String name = searchExperimentName(runs);
        Optional<JsonNode> existing = findExperiment(name);
        if (existing.isPresent() && isComplete(existing.get())) {
            String experimentId = existing.get().path("experiment_id").asText();
            List<String> runIds = listRunIds(experimentId);
            if (runIds.size() >= runs) {
                log.printf("setup: reusing experiment '%s' (id %s, %d runs)%n", name, experimentId, runIds.size());
                return new SearchData(experimentId, runIds);
            }
        }
        existing.ifPresent(this::retireQuietly);
        log.printf("setup: creating experiment '%s' with %d runs...%n", name, runs);
        long started = System.nanoTime();
        String experimentId = createExperiment(name, Map.of("cairn.bench", "search"));
        String[] runIds = new String[runs];
        runParallel(runs, index -> runIds[index] = createSearchRun(experimentId, index));
        markComplete(experimentId);
        log.printf("setup: %d runs in %.1f s%n", runs, (System.nanoTime() - started) / 1e9);
        return new SearchData(experimentId, Arrays.asList(runIds));
    }

    public HistoryData ensureHistory(int points) throws IOException, InterruptedException {
        String name = historyExperimentName(points);
        Optional<JsonNode> existing = findExperiment(name);
        if (existing.isPresent() && isComplete(existing.get())) {
            Optional<String> runId = tagValue(existing.get(), HISTORY_RUN_TAG);
            if (runId.isPresent()) {
                log.printf("setup: reusing %d-point metric history of run %s%n", points, runId.get());
                return new HistoryData(existing.get().path("experiment_id").asText(), runId.get(),
                        HISTORY_METRIC_KEY, points);
            }
        }
        existing.ifPresent(this::retireQuietly);
        log.printf("setup: logging a %d-point metric history...%n", points);
        long started = System.nanoTime();
        String experimentId = createExperiment(name, Map.of("cairn.bench", "history"));
        String runId = createRun(experimentId, "history", BASE_TIME, Map.of());
        int batches = (points + METRICS_PER_BATCH - 1) / METRICS_PER_BATCH;
        runParallel(batches, batch -> {
            int from = batch * METRICS_PER_BATCH;
            int to = Math.min(points, from + METRICS_PER_BATCH);
            List<MetricPoint> chunk = new ArrayList<>(to - from);
            for (int step = from; step < to; step++) {
                chunk.add(new MetricPoint(HISTORY_METRIC_KEY, 1.0 / (1 + step * 0.001), BASE_TIME + step, step));
            }
            http.call(http.post("runs/log-batch", http.json(bodies.logBatch(runId, chunk, Map.of(), Map.of()))));
            return null;
        });
        http.call(http.post("experiments/set-experiment-tag",
                http.json(bodies.setExperimentTag(experimentId, HISTORY_RUN_TAG, runId))));
        markComplete(experimentId);
        log.printf("setup: %d points in %.1f s%n", points, (System.nanoTime() - started) / 1e9);
        return new HistoryData(experimentId, runId, HISTORY_METRIC_KEY, points);
    }

    /** A fresh experiment per invocation, so write workloads never grow the read fixtures. */
    public String createWriteExperiment() throws IOException, InterruptedException {
        String name = "cairn-bench-writes-" + System.currentTimeMillis() + "-" + Long.toHexString(new Random().nextInt(1 << 16));
        return createExperiment(name, Map.of("cairn.bench", "writes"));
    }

    public String createRun(String experimentId, String runName, long startTime, Map<String, String> tags)
            throws IOException, InterruptedException {
        JsonNode created = http.call(http.post("runs/create",
                http.json(bodies.createRun(experimentId, runName, startTime, tags))));
        return created.path("run").path("info").path("run_id").asText();
    }

    private String createSearchRun(String experimentId, int index) throws IOException, InterruptedException {
        Random random = new Random(index);
        String runId = createRun(experimentId, "bench-run-" + index, BASE_TIME + index * 1000L, Map.of());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("optimizer", OPTIMIZERS[index % OPTIMIZERS.length]);
        params.put("model", MODELS[random.nextInt(MODELS.length)]);
        params.put("learning_rate", String.valueOf(Math.pow(10, -1 - random.nextInt(4))));
        params.put("batch_size", String.valueOf(16 << random.nextInt(4)));
        params.put("epochs", String.valueOf(5 + random.nextInt(50)));
        params.put("layers", String.valueOf(2 + random.nextInt(20)));
        params.put("dropout", String.format("%.2f", random.nextDouble() * 0.5));
        params.put("weight_decay", String.valueOf(random.nextDouble() * 1e-3));
        params.put("activation", random.nextBoolean() ? "relu" : "gelu");
        params.put("seed", String.valueOf(index));
        List<MetricPoint> metrics = new ArrayList<>();
        long timestamp = BASE_TIME + index * 1000L + 500;
        for (String key : List.of("accuracy", "loss", "val_accuracy", "val_loss", "precision", "recall", "f1",
                "auc", "epoch_time", "throughput")) {
            metrics.add(new MetricPoint(key, random.nextDouble(), timestamp, 0));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", TEAMS[(index / OPTIMIZERS.length) % TEAMS.length]);
        tags.put("stage", random.nextBoolean() ? "dev" : "prod");
        tags.put("owner", "user" + random.nextInt(10));
        tags.put("dataset", "dataset-" + random.nextInt(5));
        tags.put("cairn.bench.index", String.valueOf(index));
        http.call(http.post("runs/log-batch", http.json(bodies.logBatch(runId, metrics, params, tags))));
        return runId;
    }

    private List<String> listRunIds(String experimentId) throws IOException, InterruptedException {
        List<String> runIds = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = http.call(http.post("runs/search",
                    http.json(bodies.searchRuns(List.of(experimentId), null, 1000, token))));
            for (JsonNode run : page.path("runs")) {
                runIds.add(run.path("info").path("run_id").asText());
            }
            token = page.hasNonNull("next_page_token") && !page.get("next_page_token").asText().isEmpty()
                    ? page.get("next_page_token").asText() : null;
        } while (token != null);
        return runIds;
    }

    private Optional<JsonNode> findExperiment(String name) throws IOException, InterruptedException {
        try {
            JsonNode found = http.call(http.get("experiments/get-by-name", Map.of("experiment_name", name)));
            return Optional.of(found.path("experiment"));
        } catch (MlflowHttp.ServerCallException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean isComplete(JsonNode experiment) {
        return "active".equals(experiment.path("lifecycle_stage").asText())
                && tagValue(experiment, SETUP_TAG).filter(SETUP_COMPLETE::equals).isPresent();
    }

    private static Optional<String> tagValue(JsonNode experiment, String key) {
        for (JsonNode tag : experiment.path("tags")) {
            if (key.equals(tag.path("key").asText())) {
                return Optional.of(tag.path("value").asText());
            }
        }
        return Optional.empty();
    }

    /**
     * An unusable fixture (interrupted setup, deleted, runs missing) is renamed out of the way and
     * deleted: names are unique even among deleted experiments, so it cannot simply be deleted.
     */
    private void retireQuietly(JsonNode experiment) {
        String experimentId = experiment.path("experiment_id").asText();
        String retiredName = experiment.path("name").asText() + "-stale-" + System.currentTimeMillis();
        try {
            if (!"active".equals(experiment.path("lifecycle_stage").asText())) {
                http.call(http.post("experiments/restore", http.json(bodies.experimentId(experimentId))));
            }
            http.call(http.post("experiments/update", http.json(bodies.renameExperiment(experimentId, retiredName))));
            http.call(http.post("experiments/delete", http.json(bodies.experimentId(experimentId))));
            log.printf("setup: retired incomplete fixture %s as '%s'%n", experimentId, retiredName);
        } catch (IOException e) {
            throw new IllegalStateException("cannot retire incomplete fixture experiment " + experimentId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String createExperiment(String name, Map<String, String> tags) throws IOException, InterruptedException {
        JsonNode created = http.call(http.post("experiments/create", http.json(bodies.createExperiment(name, tags))));
        return created.path("experiment_id").asText();
    }

    private void markComplete(String experimentId) throws IOException, InterruptedException {
        http.call(http.post("experiments/set-experiment-tag",
                http.json(bodies.setExperimentTag(experimentId, SETUP_TAG, SETUP_COMPLETE))));
    }

    @FunctionalInterface
    private interface IndexedCall {
        Object run(int index) throws IOException, InterruptedException;
    }

    private void runParallel(int count, IndexedCall call) throws IOException, InterruptedException {
        try (ExecutorService pool = Executors.newFixedThreadPool(parallelism)) {
            List<Future<Object>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> call.run(index)));
            }
            for (Future<Object> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException("setup failed", e.getCause());
                }
            }
        }
    }
}
