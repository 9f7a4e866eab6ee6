package dev.cairn.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cairn.server.ui.RestFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.cairn.server.CairnServer;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI at the sizes it is built for: 10,000 runs in one experiment and a 1,000,000-point metric,
 * all logged through the REST API. Prints page-load and chart-draw timings ("[ui-timing]").
 */
class UiScaleIT {
    static final int RUNS = 10_000;
    static final int POINTS = 1_000_000;
    static final int SPIKE_STEP = 654_321;
    static final int DIP_STEP = 123_456;

    @TempDir
    static Path dir;

    static CairnServer server;
    static Browser browser;
    static RestFixture rest;
    static String base;
    static String bigExperiment;
    static String longRun;

    @BeforeAll
    static void start() throws Exception {
        server = UiTestServer.start(dir, "scale");
        base = server.url();
        rest = new RestFixture(base);
        browser = Browser.launch();

        long started = System.nanoTime();
        bigExperiment = rest.createExperiment("sweep-10k");
        long t0 = 1_700_000_000_000L;
        parallel(RUNS, i -> {
            String id = rest.createRun(bigExperiment, "trial-" + i, t0 + i * 1_000L);
            rest.logBatch(id,
                    List.of(metric("loss", 1.0 / (1 + (i * 7919 % RUNS)), t0, 0), metric("accuracy", (i % 1000) / 1000.0, t0, 0),
                            metric("epoch_time", 10 + i % 37, t0, 0)),
                    Map.of("lr", String.valueOf(1e-4 * (1 + i % 10)), "optimizer", i % 2 == 0 ? "adam" : "sgd", "seed", String.valueOf(i)),
                    Map.of("sweep", "grid-" + (i % 5)));
        });
        System.out.printf("[ui-timing] created %,d runs through the REST API in %,d ms%n", RUNS, ms(started));

        started = System.nanoTime();
        String experiment = rest.createExperiment("long-training");
        longRun = rest.createRun(experiment, "million-steps", t0);
        parallel(POINTS / 1000, b -> {
            List<Map<String, Object>> batch = new ArrayList<>(1000);
            for (int s = b * 1000; s < (b + 1) * 1000; s++) {
                double v = s == SPIKE_STEP ? 50.0 : s == DIP_STEP ? -5.0 : 2.0 * Math.exp(-s / 200_000.0) + 0.05 * Math.sin(s / 97.0);
                batch.add(metric("loss", v, t0 + s * 10L, s));
            }
            rest.logBatch(longRun, batch, Map.of(), Map.of());
        });
        System.out.printf("[ui-timing] logged %,d points of one metric through the REST API in %,d ms%n", POINTS, ms(started));
    }

    @AfterAll
    static void stop() {
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
            Browser.screenshot(page, "runs-10k");
            System.out.printf("[ui-timing] 10,000 runs: first rows visible %d ms, all loaded %d ms (in-page first page %s ms, all %s ms),"
                            + " sort by metric %d ms, scroll to last row %d ms, scroll frames %s%n",
                    firstRows, allRows, page.locator(".run-count").getAttribute("data-first-page-ms"),
                    page.locator(".run-count").getAttribute("data-all-ms"), sortMs, scrollMs, frames);
            assertThat(allRows).as("10,000 runs load").isLessThan(60_000);
        } finally {
            page.context().close();
        }
    }

    @Test
    void millionPointMetricDrawsWellUnderASecondAndKeepsItsExtremes() throws Exception {
        // The endpoint keeps the single-step spike and dip a chart must not lose. This first call reads the
        // whole series from the store (cold); the browser loads below reuse the server's series cache.
        long cold = System.nanoTime();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                base + UiRoutes.API_PREFIX + "/metrics/series?run_id=" + longRun + "&metric_key=loss&max_points=2000")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode series = new ObjectMapper().readTree(r.body()).get("series").get(0);
        assertThat(series.get("total_points").asInt()).isEqualTo(POINTS);
        assertThat(series.get("x").size()).isLessThanOrEqualTo(2000);
        assertThat(series.get("max").asDouble()).isEqualTo(50.0);
        assertThat(series.get("min").asDouble()).isEqualTo(-5.0);
        System.out.printf("[ui-timing] 1,000,000-point metric, cold: read from the store, downsampled to %d points and sent in %d ms%n",
                series.get("x").size(), ms(cold));

        Page page = browser.newPage();
        try {
            for (String pass : List.of("first", "second")) {
                long started = System.nanoTime();
                page.navigate(base + "/runs/" + longRun + "?tab=metrics&metrics=loss");
                Locator ready = page.locator(".metric-chart[data-state=ready]");
                ready.waitFor(new Locator.WaitForOptions().setTimeout(60_000));
                long wall = ms(started);
                Locator timing = page.locator(".chart-timing");
                assertThat(timing).hasAttribute("data-total-points", String.valueOf(POINTS));
                double fetchMs = Double.parseDouble(timing.getAttribute("data-fetch-ms"));
                double drawMs = Double.parseDouble(timing.getAttribute("data-draw-ms"));
                System.out.printf("[ui-timing] 1,000,000-point metric (%s load): page to drawn chart %d ms; downsample+fetch %.0f ms,"
                        + " draw %.1f ms, %s points drawn%n", pass, wall, fetchMs, drawMs, timing.getAttribute("data-points"));
                assertThat(drawMs).as("chart draw").isLessThan(1_000);
            }
            assertThat(page.locator(".metrics-table tr[data-key=loss] .max")).hasText("50");
            assertThat(page.locator(".metrics-table tr[data-key=loss] .min")).hasText("-5");
            assertThat(page.locator(".metrics-table tr[data-key=loss] .count")).hasText("1,000,000");
            Browser.screenshot(page, "metric-1m");

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
            System.out.printf("[ui-timing] 1,000,000-point metric: zoom to 1%% of the steps re-fetched and drawn in %d ms (%d points)%n",
                    zoomMs, zoomedPoints);
            Browser.screenshot(page, "metric-1m-zoomed");
        } finally {
            page.context().close();
        }
    }
}
