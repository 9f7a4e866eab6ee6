package dev.cairn.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.bench.BenchFixture.HistoryData;
import dev.cairn.bench.BenchFixture.SearchData;
import dev.cairn.bench.RequestBodies.MetricPoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The workloads, each a thin loop over prebuilt or cheaply built requests so the generator is not
 * what limits the measurement.
 */
public final class Workloads {
    static final int SEARCH_PAGE_SIZE = 100;

    private final MlflowHttp http;
    private final RequestBodies bodies;
    private final FixtureSetup setup;
    private final BenchFixture fixture;
    private final int historyClients;
    private final int historyPageSize;

    public Workloads(MlflowHttp http, FixtureSetup setup, BenchFixture fixture, int historyClients, int historyPageSize) {
        this.http = requireNonNull(http, "http is null");
        this.bodies = new RequestBodies(http.mapper());
        this.setup = requireNonNull(setup, "setup is null");
        this.fixture = requireNonNull(fixture, "fixture is null");
        this.historyClients = historyClients;
        this.historyPageSize = historyPageSize;
    }

    public Workload create(WorkloadKind kind) {
        return switch (kind) {
            case LOG_METRIC_BATCH_10 -> named(kind, this::logMetricBatch10);
            case LOG_PARAM_BATCH_10 -> named(kind, client -> logParamBatch(client, 10));
            case LOG_PARAM_BATCH_100 -> named(kind, client -> logParamBatch(client, 100));
            case CREATE_RUN -> named(kind, client -> createRun());
            case GET_RUN -> named(kind, client -> getRun());
            case SEARCH_RUNS -> named(kind, client -> searchRuns());
            case SEARCH_EXPERIMENTS -> named(kind, client -> searchExperiments());
            case GET_METRIC_HISTORY -> new Workload() {
                @Override
                public String name() {
                    return kind.displayName();
                }

                @Override
                public ClientTask newClient(int clientIndex) {
                    return getMetricHistory();
                }

                @Override
                public int clients(int requested) {
                    return historyClients;
                }
            };
        };
    }

    @FunctionalInterface
    private interface ClientFactory {
        Workload.ClientTask newClient(int clientIndex) throws IOException, InterruptedException;
    }

    private static Workload named(WorkloadKind kind, ClientFactory factory) {
        return new Workload() {
            @Override
            public String name() {
                return kind.displayName();
            }

            @Override
            public ClientTask newClient(int clientIndex) throws IOException, InterruptedException {
                return factory.newClient(clientIndex);
            }
        };
    }

    private String writeRun(String purpose, int clientIndex) throws IOException, InterruptedException {
        return setup.createRun(writeExperimentId(), purpose + "-client-" + clientIndex, System.currentTimeMillis(), Map.of());
    }

    /** Ten metrics per request into the client's own run; steps advance so no point repeats. */
    private Workload.ClientTask logMetricBatch10(int clientIndex) throws IOException, InterruptedException {
        String runId = writeRun("log-metric-batch", clientIndex);
        long[] step = {0};
        return () -> {
            long now = System.currentTimeMillis();
            long current = step[0]++;
            List<MetricPoint> metrics = new ArrayList<>(10);
            for (int i = 0; i < 10; i++) {
                metrics.add(new MetricPoint(METRIC_KEYS[i], current * 0.001 + i, now, current));
            }
            return http.exchange(http.post("runs/log-batch", http.json(bodies.logBatch(runId, metrics, Map.of(), Map.of()))));
        };
    }

    private static final String[] METRIC_KEYS = {"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"};

    /**
     * New keys on every request: params are write-once, so re-sending the same keys would only
     * measure the server's duplicate check.
     */
    private Workload.ClientTask logParamBatch(int clientIndex, int size) throws IOException, InterruptedException {
        String runId = writeRun("log-param-batch-" + size, clientIndex);
        long[] sequence = {0};
        return () -> {
            long current = sequence[0]++;
            Map<String, String> params = new LinkedHashMap<>(size * 2);
            for (int i = 0; i < size; i++) {
                params.put("p" + current + "_" + i, "value-" + current + "-" + i);
            }
            return http.exchange(http.post("runs/log-batch", http.json(bodies.logBatch(runId, List.of(), params, Map.of()))));
        };
    }

    private Workload.ClientTask createRun() {
        String experimentId = writeExperimentId();
        return () -> http.exchange(http.post("runs/create",
                http.json(bodies.createRun(experimentId, null, System.currentTimeMillis(), Map.of()))));
    }

    private Workload.ClientTask getRun() {
        List<HttpRequest> requests = searchData().runIds().stream()
                .map(runId -> http.get("runs/get", Map.of("run_id", runId)))
                .toList();
        return () -> http.exchange(requests.get(ThreadLocalRandom.current().nextInt(requests.size())));
    }

    private Workload.ClientTask searchRuns() {
        HttpRequest request = http.post("runs/search", http.json(bodies.searchRuns(
                List.of(searchData().experimentId()), FixtureSetup.SEARCH_FILTER, SEARCH_PAGE_SIZE, null)));
        return () -> http.exchange(request);
    }

    private Workload.ClientTask searchExperiments() {
        HttpRequest request = http.post("experiments/search", http.json(bodies.searchExperiments(100)));
        return () -> http.exchange(request);
    }

    /**
     * One operation is the whole history, however many pages the server splits it into; the body
     * is parsed as it streams in, to count the points and find the next page token.
     */
    private Workload.ClientTask getMetricHistory() {
        HistoryData history = fixture.historyData();
        requireNonNull(history, "history fixture was not set up");
        int pageSize = historyPageSize > 0 ? historyPageSize : history.points();
        JsonFactory json = http.mapper().getFactory();
        return () -> {
            long points = 0;
            String token = null;
            do {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("run_id", history.runId());
                query.put("metric_key", history.metricKey());
                query.put("max_results", String.valueOf(pageSize));
                if (token != null) {
                    query.put("page_token", token);
                }
                HttpResponse<InputStream> response = http.send(http.get("metrics/get-history", query),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    if (response.statusCode() / 100 != 2) {
                        return Outcome.of(response.statusCode(), body.readAllBytes());
                    }
                    HistoryPage page = HistoryPage.read(json, body);
                    points += page.points();
                    token = page.nextPageToken();
                }
            } while (token != null);
            if (points != history.points()) {
                return Outcome.failure(200, "expected " + history.points() + " points, got " + points);
            }
            return Outcome.success();
        };
    }

    /** The parts of a get-history page the bench needs, read without building a tree. */
    record HistoryPage(long points, String nextPageToken) {
        static HistoryPage read(JsonFactory json, InputStream body) throws IOException {
            long points = 0;
            String token = null;
            try (JsonParser parser = json.createParser(body)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("get-history response is not a JSON object");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("metrics".equals(field) && value == JsonToken.START_ARRAY) {
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            parser.skipChildren();
                            points++;
                        }
                    } else if ("next_page_token".equals(field) && value == JsonToken.VALUE_STRING) {
                        String text = parser.getText();
                        token = text.isEmpty() ? null : text;
                    } else {
                        parser.skipChildren();
                    }
                }
            }
            return new HistoryPage(points, token);
        }
    }

    private SearchData searchData() {
        return requireNonNull(fixture.searchData(), "search fixture was not set up");
    }

    private String writeExperimentId() {
        return requireNonNull(fixture.writeExperimentId(), "write experiment was not set up");
    }
}
