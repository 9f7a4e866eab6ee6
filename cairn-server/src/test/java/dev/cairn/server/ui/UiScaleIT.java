package dev.cairn.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cairn.server.ui.RestFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI at the sizes it is built for: 10,000 runs in one experiment and a 1,000,000-point metric,
 * all logged through the REST API. Prints page-load and chart-draw timings ("[ui-timing] [store, load
 * average]"); they are reported, not asserted, beyond generous ceilings. Runs over SQLite (or {@code
 * -Dcairn.ui.store}); {@link UiScalePostgresIT} repeats it over PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiScaleIT {
    static final int RUNS = 10_000;
    static final int POINTS = 1_000_000;
    static final int SPIKE_STEP = 654_321;
    static final int DIP_STEP = 123_456;
    static final long T0 = 1_700_000_000_000L;

    UiTestServer server;
    Browser browser;
    RestFixture rest;
    String base;
    String bigExperiment;
    String longRun;

    /** The backing store: sqlite, file or postgresql. */
    String store() {
        return UiTestServer.DEFAULT_STORE;
    }

    /** The long metric's value at a step: a decaying curve with one spike and one dip a chart must keep. */
    static double lossAt(int s) {
        return s == SPIKE_STEP ? 50.0 : s == DIP_STEP ? -5.0 : 2.0 * Math.exp(-s / 200_000.0) + 0.05 * Math.sin(s / 97.0);
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = UiTestServer.start(dir, "scale", store());
        base = server.url();
        rest = new RestFixture(base);
        browser = Browser.launch();

        long started = System.nanoTime();
        bigExperiment = rest.createExperiment("sweep-10k");
        long t0 = T0;
        parallel(RUNS, i -> {
            String id = rest.createRun(bigExperiment, "trial-" + i, t0 + i * 1_000L);
            rest.logBatch(id,
                    List.of(metric("loss", 1.0 / (1 + (i * 7919 % RUNS)), t0, 0), metric("accuracy", (i % 1000) / 1000.0, t0, 0),
                            metric("epoch_time", 10 + i % 37, t0, 0)),
                    Map.of("lr", String.valueOf(1e-4 * (1 + i % 10)), "optimizer", i % 2 == 0 ? "adam" : "sgd", "seed", String.valueOf(i)),
                    Map.of("sweep", "grid-" + (i % 5)));
        });
        System.out.printf("%s created %,d runs through the REST API in %,d ms%n", server.timingTag(), RUNS, ms(started));

        started = System.nanoTime();
        String experiment = rest.createExperiment("long-training");
        longRun = rest.createRun(experiment, "million-steps", t0);
        // All but the last point now; the test logs the last one, which also makes the server's cached copy stale.
        parallel(POINTS / 1000, b -> {
            List<Map<String, Object>> batch = new ArrayList<>(1000);
            for (int s = b * 1000; s < Math.min((b + 1) * 1000, POINTS - 1); s++) {
                batch.add(metric("loss", lossAt(s), t0 + s * 10L, s));
            }
            rest.logBatch(longRun, batch, Map.of(), Map.of());
        });
        System.out.printf("%s logged %,d points of one metric through the REST API in %,d ms%n", server.timingTag(), POINTS - 1, ms(started));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void parallel(int count, IntConsumer task) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> task.accept(n)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    private static long ms(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @Test
    void tenThousandRunsLoadSortAndScroll() {
        Page page = browser.newPage();
        try {
            long started = System.nanoTime();
            page.navigate(base + "/experiments/" + bigExperiment);
            page.locator(".vrow").first().waitFor();
            long firstRows = ms(started);
            Locator count = page.locator(".run-count[data-complete=true]");
            count.waitFor(new Locator.WaitForOptions().setTimeout(120_000));
            long allRows = ms(started);
            assertThat(count).hasText("10,000 runs");
            // Virtual scrolling: only the rows in view are in the DOM.
            assertThat(page.locator(".vrow").count()).isLessThan(100);

            started = System.nanoTime();
            page.click("[role=columnheader][data-column='metric:loss']");
            assertThat(page.locator("[role=columnheader][data-column='metric:loss']")).hasAttribute("aria-sort", "ascending");
            long sortMs = ms(started);
            Locator firstRow = page.locator(".vrow[style*='top: 0px']");
            assertThat(firstRow.locator(".cell[data-column='metric:loss']")).hasText("0.0001");

            started = System.nanoTime();
            page.locator(".vtable").evaluate("e => e.scrollTop = e.scrollHeight");
            page.locator(".vrow[style*='top: " + (RUNS - 1) * 30 + "px']").waitFor();
            long scrollMs = ms(started);

            // A frame-time probe: scroll through the table in 60 steps and measure the slowest frame.
            Object frames = page.locator(".vtable").evaluate("""
                    async e => { const frames = []; let last = performance.now();
                      for (let i = 0; i < 60; i++) { e.scrollTop = (i / 60) * e.scrollHeight;
                        await new Promise(r => requestAnimationFrame(r)); const now = performance.now();
                        frames.push(now - last); last = now; }
                      frames.sort((a, b) => a - b);
                      return frames[30].toFixed(1) + ' ms median, ' + frames[59].toFixed(1) + ' ms worst'; }""");
            Browser.screenshot(page, store() + "-runs-10k");
            Locator runCount = page.locator(".run-count");
            // "from navigation" is the page's own clock (performance.now()): what a user waits for after
            // pressing enter, without the harness's browser-context set-up that the wall times include
            System.out.printf("%s 10,000 runs: first rows from navigation %s ms, all %s ms (search requests: first page %s ms,"
                            + " all %s ms; harness wall time %d / %d ms), sort by metric %d ms, scroll to last row %d ms,"
                            + " scroll frames %s%n",
                    server.timingTag(), runCount.getAttribute("data-first-page-at-ms"), runCount.getAttribute("data-all-at-ms"),
                    runCount.getAttribute("data-first-page-ms"), runCount.getAttribute("data-all-ms"), firstRows, allRows, sortMs,
                    scrollMs, frames);
            assertThat(allRows).as("10,000 runs load").isLessThan(60_000);
        } finally {
            page.context().close();
        }
    }

    /** One series request as the chart makes it: the body's single series, and how long the request took. */
    private JsonNode series(String label) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                base + UiRoutes.API_PREFIX + "/metrics/series?run_id=" + longRun + "&metric_key=loss&max_points=2000")).build(),
                HttpResponse.BodyHandlers.ofString());
        long took = ms(started);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode series = new ObjectMapper().readTree(r.body()).get("series").get(0);
        System.out.printf("%s 1,000,000-point metric, %s: %,d points, %d sent (chosen from the %s) in %d ms%n",
                server.timingTag(), label, series.get("total_points").asInt(), series.get("x").size(), series.get("source").asText(), took);
        return series;
    }

    /** Loads the run's chart of the long metric and reports how long it took; the page stays open. */
    private void chartPageLoad(Page page, String pass) {
        long started = System.nanoTime();
        page.navigate(base + "/runs/" + longRun + "?tab=metrics&metrics=loss");
        Locator settled = page.locator(".metric-chart[data-state=ready], .metric-chart[data-state=error]");
        try {
            settled.waitFor(new Locator.WaitForOptions().setTimeout(60_000));
        } catch (RuntimeException e) {
            Browser.screenshot(page, store() + "-metric-1m-timeout");
            throw e;
        }
        long wall = ms(started);
        assertThat(page.locator(".metric-chart .error-box")).hasCount(0);
        Locator timing = page.locator(".chart-timing");
        double fetchMs = Double.parseDouble(timing.getAttribute("data-fetch-ms"));
        double drawMs = Double.parseDouble(timing.getAttribute("data-draw-ms"));
        System.out.printf("%s 1,000,000-point metric, %s: navigation to drawn chart %s ms; series fetch (incl. server read and"
                        + " downsample) %.0f ms, draw %.1f ms, %s of %s points drawn from the %s (harness wall time %d ms)%n",
                server.timingTag(), pass, timing.getAttribute("data-drawn-at-ms"), fetchMs, drawMs, timing.getAttribute("data-points"),
                timing.getAttribute("data-total-points"), timing.getAttribute("data-source"), wall);
        assertThat(drawMs).as("chart draw").isLessThan(1_000);
    }

    @Test
    void millionPointMetricDrawsWellUnderASecondAndKeepsItsExtremes() throws Exception {
        Page page = browser.newPage();
        page.onPageError(e -> System.out.println("[ui-page-error] " + e));
        page.onConsoleMessage(m -> System.out.println("[ui-console] " + m.type() + ": " + m.text()));
        try {
            // Nothing has read the series yet: a SQL store's outline draws it (a directory store's history is read whole).
            chartPageLoad(page, "first view (nothing has read the series yet)");

            // The endpoint keeps the single-step spike and dip a chart must not lose, from the outline or the whole series.
            JsonNode series = series("second request");
            assertThat(series.get("total_points").asInt()).isEqualTo(POINTS - 1);
            assertThat(series.get("x").size()).isLessThanOrEqualTo(2000);
            assertThat(series.get("max").asDouble()).isEqualTo(50.0);
            assertThat(series.get("min").asDouble()).isEqualTo(-5.0);

            // Training goes on: the millionth point. The server reads only the points from its last step on.
            rest.logBatch(longRun, List.of(metric("loss", lossAt(POINTS - 1), T0 + (POINTS - 1) * 10L, POINTS - 1)), Map.of(), Map.of());
            chartPageLoad(page, "after a new point was logged");
            assertThat(page.locator(".chart-timing")).hasAttribute("data-total-points", String.valueOf(POINTS));
            chartPageLoad(page, "reload");
            assertThat(page.locator(".metrics-table tr[data-key=loss] .max")).hasText("50");
            assertThat(page.locator(".metrics-table tr[data-key=loss] .min")).hasText("-5");
            assertThat(page.locator(".metrics-table tr[data-key=loss] .count")).hasText("1,000,000");
            Browser.screenshot(page, store() + "-metric-1m");

            // Zoom: drag across the middle tenth of the plot; the range is re-fetched at full detail.
            Locator over = page.locator(".chart-host .u-over");
            var box = over.boundingBox();
            long started = System.nanoTime();
            page.mouse().move(box.x + box.width * 0.45, box.y + box.height / 2);
            page.mouse().down();
            page.mouse().move(box.x + box.width * 0.46, box.y + box.height / 2, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
            page.mouse().up();
            page.locator("button.reset-zoom").waitFor();
            page.locator(".metric-chart[data-state=ready]").waitFor();
            page.locator(".chart-timing[data-draw-ms]").waitFor();
            long zoomMs = ms(started);
            int zoomedPoints = Integer.parseInt(page.locator(".chart-timing").getAttribute("data-points"));
            System.out.printf("%s 1,000,000-point metric: zoom to 1%% of the steps re-fetched and drawn in %d ms (%d points)%n",
                    server.timingTag(), zoomMs, zoomedPoints);
            Browser.screenshot(page, store() + "-metric-1m-zoomed");
        } finally {
            page.context().close();
        }
    }
}
