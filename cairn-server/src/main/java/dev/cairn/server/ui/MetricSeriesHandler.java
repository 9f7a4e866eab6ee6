package dev.cairn.server.ui;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.core.store.MetricOutline;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.validation.Validation;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The UI's metric endpoints (not part of MLflow's API): downsampled series for charts and
 * latest/min/max per metric for the run page. Both read whole histories through the cache, except for
 * a long series that nothing holds yet: its unzoomed chart and its summary come from the store's
 * outline (thousands of rows, not a million points), and the whole series is read in the background
 * for the zooming that usually follows.
 */
final class MetricSeriesHandler {
    static final int DEFAULT_MAX_POINTS = 2_000;
    static final int MAX_MAX_POINTS = 20_000;
    static final int MAX_RUNS = 100;
    static final int MAX_KEYS = 20;

    /** Series shorter than this are read whole even for an unzoomed chart: that takes well under 100 ms. */
    static final long OUTLINE_MIN_POINTS = 100_000;

    static final long BACKGROUND_READ_DELAY_MILLIS = 500;

    private final TrackingStore store;
    private final ObjectMapper json;
    private final MetricSeriesCache cache;
    /**
     * Reads a series whole after its chart was drawn from the outline. One thread, a short queue: what it
     * cannot keep up with is dropped, and a zoom then reads the series itself.
     */
    private final ExecutorService background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(4),
            Thread.ofPlatform().daemon().name("cairn-series-reader").factory(), new ThreadPoolExecutor.DiscardPolicy());

    MetricSeriesHandler(TrackingStore store, ObjectMapper json) {
        this.store = requireNonNull(store, "store is null");
        this.json = requireNonNull(json, "json is null");
        // 8M points is ~200 MB at most; a minute covers zooming and switching tabs and views.
        this.cache = new MetricSeriesCache(store, 8_000_000, 60_000, Clock.systemUTC());
    }

    /** GET .../cairn/metrics/series?run_id=..&metric_key=..&max_points=&x_axis=step|time&x_min=&x_max= */
    void series(Context ctx) throws Exception {
        List<String> runIds = distinct(ctx.queryParams("run_id"));
        List<String> keys = distinct(ctx.queryParams("metric_key"));
        if (runIds.isEmpty() || runIds.size() > MAX_RUNS) {
            throw CairnException.invalidParameter("Give between 1 and %d run_id values, got %d", MAX_RUNS, runIds.size());
        }
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw CairnException.invalidParameter("Give between 1 and %d metric_key values, got %d", MAX_KEYS, keys.size());
        }
        int maxPoints = intParam(ctx, "max_points", DEFAULT_MAX_POINTS);
        if (maxPoints < 10 || maxPoints > MAX_MAX_POINTS) {
            throw CairnException.invalidParameter("max_points must be between 10 and %d, got %d", MAX_MAX_POINTS, maxPoints);
        }
        SeriesData.XAxis axis = axis(ctx.queryParam("x_axis"));
        Long xMin = longParam(ctx, "x_min");
        Long xMax = longParam(ctx, "x_max");
        if (xMin != null && xMax != null && xMin > xMax) {
            throw CairnException.invalidParameter("x_min (%d) must not be greater than x_max (%d)", xMin, xMax);
        }
        keys.forEach(Validation::metricName);

        ArrayNode out = json.createArrayNode();
        List<Runnable> afterResponse = new ArrayList<>();
        for (String id : runIds) {
            Run run = store.getRun(RunId.of(id));
            Map<String, Metric> latest = latestByKey(run);
            for (String key : keys) {
                Metric last = latest.get(key);
                if (last == null) {
                    out.add(seriesNode(id, key, SeriesData.EMPTY, 0, "history", axis, xMin, xMax, maxPoints));
                    continue;
                }
                // two points (least, greatest) per bucket
                Optional<MetricOutline> outline = xMin == null && xMax == null
                        ? usableOutline(run.info().runId(), key, last, maxPoints / 2)
                        : Optional.empty();
                if (outline.isPresent()) {
                    RunId runId = run.info().runId();
                    afterResponse.add(() -> cache.get(runId, key, last));
                    out.add(seriesNode(id, key, SeriesData.fromOutline(outline.get(), last), outline.get().pointCount(), "outline",
                            axis, xMin, xMax, maxPoints));
                } else {
                    SeriesData data = cache.get(run.info().runId(), key, last);
                    out.add(seriesNode(id, key, data, data.size(), "history", axis, xMin, xMax, maxPoints));
                }
            }
        }
        ObjectNode body = json.createObjectNode();
        body.set("series", out);
        ctx.contentType("application/json").result(json.writeValueAsBytes(body));
        afterResponse.forEach(this::readInBackground);
    }

    /** GET .../cairn/metrics/summary?run_id= : latest, min, max and count of every metric of the run. */
    void summary(Context ctx) throws Exception {
        String id = ctx.queryParam("run_id");
        if (id == null || id.isBlank()) {
            throw CairnException.invalidParameter("Missing value for required parameter 'run_id'");
        }
        Run run = store.getRun(RunId.of(id));
        ArrayNode metrics = json.createArrayNode();
        for (Map.Entry<String, Metric> e : latestByKey(run).entrySet()) {
            ObjectNode m = metrics.addObject();
            m.put("key", e.getKey());
            putNumber(m, "latest", e.getValue().value());
            Optional<MetricOutline> outline = usableOutline(run.info().runId(), e.getKey(), e.getValue(), 1);
            if (outline.isPresent()) {
                putNumber(m, "min", outline.get().min());
                putNumber(m, "max", outline.get().max());
                m.put("count", outline.get().pointCount());
                continue;
            }
            SeriesData data = cache.get(run.info().runId(), e.getKey(), e.getValue());
            double min = Double.NaN;
            double max = Double.NaN;
            for (double v : data.values()) {
                if (Double.isFinite(v)) {
                    min = Double.isNaN(min) ? v : Math.min(min, v);
                    max = Double.isNaN(max) ? v : Math.max(max, v);
                }
            }
            putNumber(m, "min", min);
            putNumber(m, "max", max);
            m.put("count", data.size());
        }
        ObjectNode body = json.createObjectNode();
        body.set("metrics", metrics);
        ctx.contentType("application/json").result(json.writeValueAsBytes(body));
    }

    /**
     * The store's outline of a long series that this server does not hold, if the store keeps one and it
     * ends with the run's latest point (else something wrote the history past the store, and it is read).
     */
    private Optional<MetricOutline> usableOutline(RunId runId, String key, Metric latest, int maxBuckets) {
        if (cache.holds(runId, key)) {
            return Optional.empty();
        }
        return store.metricOutline(runId, key, maxBuckets).filter(o -> o.pointCount() >= OUTLINE_MIN_POINTS && o.endsWith(latest));
    }

    /**
     * Reads whole series for the zooming that usually follows an outline view, after a pause: the page that
     * asked for the chart (and its other requests) goes first, on the same few cores.
     */
    private void readInBackground(Runnable read) {
        background.execute(() -> {
            try {
                Thread.sleep(BACKGROUND_READ_DELAY_MILLIS);
                read.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // nothing lost: the next request that needs the whole series reads it and reports the error
            }
        });
    }

    /** {@code source} tells what the points were chosen from: "history" (every point) or the store's "outline". */
    private ObjectNode seriesNode(String runId, String key, SeriesData data, long totalPoints, String source, SeriesData.XAxis axis,
            Long xMin, Long xMax, int maxPoints) {
        long[] x = data.x(axis);
        int[] order = MetricDownsampler.orderBy(x);
        int[] kept = MetricDownsampler.downsample(x, data.values(), order, xMin, xMax, maxPoints);
        ObjectNode node = json.createObjectNode();
        node.put("run_id", runId);
        node.put("metric_key", key);
        node.put("total_points", totalPoints);
        node.put("source", source);
        ArrayNode xs = node.putArray("x");
        ArrayNode ys = node.putArray("y");
        double min = Double.NaN;
        double max = Double.NaN;
        for (int i : kept) {
            xs.add(x[i]);
            double v = data.values()[i];
            if (Double.isFinite(v)) {
                ys.add(v);
                min = Double.isNaN(min) ? v : Math.min(min, v);
                max = Double.isNaN(max) ? v : Math.max(max, v);
            } else {
                // JSON has no NaN/Infinity; the chart draws a gap.
                ys.addNull();
            }
        }
        putNumber(node, "min", min);
        putNumber(node, "max", max);
        return node;
    }

    private static Map<String, Metric> latestByKey(Run run) {
        Map<String, Metric> latest = new TreeMap<>();
        for (Metric m : run.data().metrics()) {
            latest.put(m.key(), m);
        }
        return latest;
    }

    private static void putNumber(ObjectNode node, String field, double v) {
        if (Double.isFinite(v)) {
            node.put(field, v);
        }
    }

    private static List<String> distinct(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(out));
    }

    private static SeriesData.XAxis axis(String value) {
        if (value == null || value.isBlank() || value.equals("step")) {
            return SeriesData.XAxis.STEP;
        }
        if (value.equals("time")) {
            return SeriesData.XAxis.TIME;
        }
        throw CairnException.invalidParameter("x_axis must be 'step' or 'time', got '%s'", value);
    }

    private static int intParam(Context ctx, String name, int fallback) {
        Long v = longParam(ctx, name);
        if (v == null) {
            return fallback;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw CairnException.invalidParameter("%s is out of range: %d", name, v);
        }
        return v.intValue();
    }

    private static Long longParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw CairnException.invalidParameter("%s must be an integer, got '%s'", name, raw);
        }
    }
}
