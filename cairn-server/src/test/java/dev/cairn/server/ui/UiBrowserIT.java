package dev.cairn.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cairn.server.ui.RestFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every view of the web UI in headless Chromium against a real server, data made through the REST API.
 * This class runs over SQLite (or {@code -Dcairn.ui.store}); subclasses run the same checks over the
 * other stores. One server and browser per class, hence one test instance per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiBrowserIT {
    UiTestServer server;
    Browser browser;
    RestFixture rest;
    String base;

    /** A small experiment: four finished runs with differing params/metrics, one deleted run. */
    String experimentId;
    final List<String> runIds = new ArrayList<>();
    String deletedRunId;

    Page page;

    /** The backing store: sqlite, file or postgresql. */
    String store() {
        return UiTestServer.DEFAULT_STORE;
    }

    @BeforeAll
    void start(@TempDir Path dir) {
        server = UiTestServer.start(dir, "ui", store());
        base = server.url();
        rest = new RestFixture(base);
        browser = Browser.launch();

        experimentId = rest.createExperiment("vision-" + suffix());
        long t0 = 1_700_000_000_000L;
        String[] optimizers = {"adam", "adam", "sgd", "sgd"};
        for (int r = 0; r < 4; r++) {
            String id = rest.createRun(experimentId, "resnet-" + r, t0 + r * 60_000L);
            List<Map<String, Object>> metrics = new ArrayList<>();
            for (int step = 0; step < 50; step++) {
                metrics.add(metric("loss", 2.0 / (1 + step * (r + 1) * 0.1), t0 + r * 60_000L + step * 1_000L, step));
                metrics.add(metric("accuracy", 0.5 + 0.01 * step * (r + 1) / 4.0, t0 + r * 60_000L + step * 1_000L, step));
            }
            rest.logBatch(id, metrics,
                    Map.of("lr", String.valueOf(0.1 / Math.pow(10, r)), "optimizer", optimizers[r], "batch_size", "64"),
                    Map.of("team", "vision"));
            rest.finish(id, "FINISHED", t0 + r * 60_000L + 50_000L + r * 1_000L);
            runIds.add(id);
        }
        rest.logInputs(runIds.get(0), "imagenet-mini", "abc123", "training");
        deletedRunId = rest.createRun(experimentId, "abandoned", t0);
        rest.deleteRun(deletedRunId);
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

    @BeforeEach
    void openPage() {
        page = browser.newPage();
    }

    @AfterEach
    void closePage() {
        page.context().close();
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    @Test
    void experimentsListCreatesSearchesRenamesDeletesAndRestores() {
        page.navigate(base + "/");
        assertThat(page.locator("tr[data-experiment-id='" + experimentId + "']")).isVisible();

        String name = "created-in-ui-" + suffix();
        page.fill("input[name=experiment-name]", name);
        page.click("form.create-experiment button[type=submit]");
        Locator row = page.locator("tr", new Page.LocatorOptions().setHasText(name));
        assertThat(row).isVisible();
        String id = row.getAttribute("data-experiment-id");
        assertThat(rest.get("experiments/get?experiment_id=" + id).get("experiment").get("name").asText()).isEqualTo(name);

        page.fill("input.experiment-search", name);
        assertThat(page.locator("table.experiments-table tbody tr")).hasCount(1);
        assertThat(page).hasURL(Pattern.compile(".*/experiments\\?q=created-in-ui.*"));

        row.locator("button.rename").click();
        page.fill("input[name=new-name]", name + "-renamed");
        page.click("form.rename-form button[type=submit]");
        assertThat(page.locator("tr[data-experiment-id='" + id + "'] a.experiment-link")).hasText(name + "-renamed");
        Browser.screenshot(page, store() + "-experiments-renamed");

        page.locator("tr[data-experiment-id='" + id + "'] button.delete").click();
        assertThat(page.locator("tr[data-experiment-id='" + id + "']")).hasCount(0);
        assertThat(rest.get("experiments/get?experiment_id=" + id).get("experiment").get("lifecycle_stage").asText()).isEqualTo("deleted");

        page.selectOption("select[aria-label=Lifecycle]", "DELETED_ONLY");
        page.fill("input.experiment-search", "");
        page.locator("tr[data-experiment-id='" + id + "'] button.restore").click();
        assertThat(page.locator("tr[data-experiment-id='" + id + "']")).hasCount(0);
        assertThat(rest.get("experiments/get?experiment_id=" + id).get("experiment").get("lifecycle_stage").asText()).isEqualTo("active");

        page.fill("input.experiment-search", "no-such-experiment-" + suffix());
        page.selectOption("select[aria-label=Lifecycle]", "ACTIVE_ONLY");
        assertThat(page.locator(".empty-state")).containsText("No experiment matches");
    }

    @Test
    void runsTableSortsChoosesColumnsAndSelectsRunsToCompare() {
        page.navigate(base + "/experiments/" + experimentId);
        assertThat(page.locator(".vrow")).hasCount(4);
        assertThat(page.locator(".run-count")).hasAttribute("data-complete", "true");
        // The deleted run is hidden from the default (active) view.
        assertThat(page.locator(".vrow[data-run-id='" + deletedRunId + "']")).hasCount(0);

        // Metric columns are shown by default; sort ascending then descending by the latest loss.
        page.click("[role=columnheader][data-column='metric:loss']");
        assertThat(page).hasURL(Pattern.compile(".*sort=metric%3Aloss.*"));
        assertThat(page.locator(".vrow").first()).hasAttribute("data-run-id", runIds.get(3));
        page.click("[role=columnheader][data-column='metric:loss']");
        assertThat(page.locator("[role=columnheader][data-column='metric:loss']")).hasAttribute("aria-sort", "descending");
        List<String> order = visibleOrder();
        assertThat(order.get(0)).isEqualTo(runIds.get(0));

        // Duration is derived client-side: run r lasted 50 + r seconds.
        page.click("[role=columnheader][data-column='attr:duration']");
        assertThat(visibleOrder()).containsExactlyElementsOf(runIds);

        // Choose a tag column.
        page.click("button.columns-button");
        page.check("input[data-column='tag:team']");
        assertThat(page.locator("[role=columnheader][data-column='tag:team']")).isVisible();
        assertThat(page).hasURL(Pattern.compile(".*cols=.*tag%3Ateam.*"));

        // Deep link keeps sort and columns.
        page.reload();
        assertThat(page.locator("[role=columnheader][data-column='tag:team']")).isVisible();
        assertThat(page.locator("[role=columnheader][data-column='attr:duration']")).hasAttribute("aria-sort", "ascending");

        page.check(".vrow[data-run-id='" + runIds.get(0) + "'] input[type=checkbox]");
        page.check(".vrow[data-run-id='" + runIds.get(2) + "'] input[type=checkbox]");
        Browser.screenshot(page, store() + "-runs-table");
        page.click("button.compare-button");
        assertThat(page).hasURL(Pattern.compile(".*/compare\\?runs=.*"));
        assertThat(page.locator(".compare-params thead th")).hasCount(3);
    }

    private List<String> visibleOrder() {
        page.waitForTimeout(50);
        List<String> ids = new ArrayList<>();
        List<Locator> rows = page.locator(".vrow").all();
        rows.sort((a, b) -> Double.compare(top(a), top(b)));
        rows.forEach(r -> ids.add(r.getAttribute("data-run-id")));
        return ids;
    }

    private static double top(Locator row) {
        return Double.parseDouble(row.evaluate("e => e.style.top").toString().replace("px", ""));
    }

    @Test
    void searchBoxFiltersAndShowsTheServersErrorInline() {
        page.navigate(base + "/experiments/" + experimentId);
        assertThat(page.locator(".vrow")).hasCount(4);

        page.fill("input.run-search", "params.optimizer = 'sgd' and metrics.loss < 1");
        page.press("input.run-search", "Enter");
        assertThat(page.locator(".vrow")).hasCount(2);
        assertThat(page.locator(".search-error")).hasCount(0);

        String bad = "params.lr > 0.01";
        String serverMessage = searchError(bad);
        page.fill("input.run-search", bad);
        page.press("input.run-search", "Enter");
        assertThat(page.locator(".search-error")).hasText(serverMessage);
        assertThat(page.locator("input.run-search")).hasAttribute("aria-invalid", "true");
        Browser.screenshot(page, store() + "-runs-search-error");

        page.fill("input.run-search", "metrics.loss < -5");
        page.press("input.run-search", "Enter");
        assertThat(page.locator(".search-error")).hasCount(0);
        assertThat(page.locator(".empty-state")).containsText("No run matches");
    }

    /** The message the server itself gives for a bad filter, which the UI must show verbatim. */
    private String searchError(String filter) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/runs/search"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"experiment_ids\":[\"" + experimentId + "\"],\"filter\":\""
                            + filter.replace("\"", "\\\"") + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            assertThat(body.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
            return body.get("message").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void runPageShowsOverviewParamsMetricsDatasetsAndEditsTags() {
        String id = runIds.get(0);
        page.navigate(base + "/runs/" + id);
        assertThat(page.locator(".run-name")).hasText("resnet-0");
        assertThat(page.locator(".overview-table")).containsText(id);
        assertThat(page.locator(".overview-table")).containsText("FINISHED");

        page.click("[data-tab=params]");
        assertThat(page.locator(".params-table tr[data-key=lr] .value")).hasText("0.1");
        assertThat(page.locator(".params-table tr[data-key=optimizer] .value")).hasText("adam");

        page.click("[data-tab=metrics]");
        Locator loss = page.locator(".metrics-table tr[data-key=loss]");
        assertThat(loss.locator(".latest")).hasText(String.valueOf(trimmed(2.0 / (1 + 49 * 0.1))));
        assertThat(loss.locator(".max")).hasText("2");
        assertThat(loss.locator(".min")).hasText(String.valueOf(trimmed(2.0 / (1 + 49 * 0.1))));
        assertThat(loss.locator(".count")).hasText("50");
        assertThat(page.locator(".metric-chart[data-state=ready]")).isVisible();
        assertChartHasInk();
        // Overlay a second metric, switch the axis, smoothing and log scale; each is kept in the URL.
        page.check(".metrics-table tr[data-key=accuracy] input[type=checkbox]");
        page.selectOption("select.x-axis", "relative");
        page.check("input.log-scale");
        page.locator("input.smoothing").evaluate("e => { e.value = '0.6'; e.dispatchEvent(new Event('input', {bubbles: true})); }");
        assertThat(page).hasURL(Pattern.compile(".*smooth=0.6.*"));
        assertThat(page).hasURL(Pattern.compile(".*x=relative.*"));
        assertThat(page).hasURL(Pattern.compile(".*log=1.*"));
        assertThat(page.locator(".metric-chart[data-state=ready]")).isVisible();
        assertThat(page.locator(".u-legend")).containsText("accuracy");
        assertChartHasInk();
        Browser.screenshot(page, store() + "-run-metrics");

        page.click("[data-tab=tags]");
        Locator team = page.locator(".tags-table tr[data-key=team]");
        team.locator("button.edit").click();
        page.fill("input[name=tag-value]", "perception");
        page.click("form.edit-tag button[type=submit]");
        assertThat(team.locator(".value")).hasText("perception");
        page.fill("input[name=new-tag-key]", "reviewed");
        page.fill("input[name=new-tag-value]", "yes");
        page.click("form.add-tag button[type=submit]");
        assertThat(page.locator(".tags-table tr[data-key=reviewed] .value")).hasText("yes");
        JsonNode tags = rest.get("runs/get?run_id=" + id).get("run").get("data").get("tags");
        assertThat(tags.toString()).contains("\"perception\"").contains("\"reviewed\"");
        page.locator(".tags-table tr[data-key=reviewed] button.remove").click();
        assertThat(page.locator(".tags-table tr[data-key=reviewed]")).hasCount(0);

        page.click("[data-tab=datasets]");
        assertThat(page.locator(".datasets-table")).containsText("imagenet-mini");
        assertThat(page.locator(".datasets-table")).containsText("training");
        Browser.screenshot(page, store() + "-run-datasets");
    }

    private static double trimmed(double v) {
        return Double.parseDouble(String.format("%.6g", v));
    }

    private void assertChartHasInk() {
        Object inked = page.locator(".chart-host canvas").first().evaluate("""
                c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                       let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }""");
        assertThat(((Number) inked).intValue()).as("painted canvas pixels").isGreaterThan(500);
    }

    @Test
    void artifactsBrowserPreviewsTextJsonYamlCsvAndImagesAndDownloads() throws Exception {
        String id = runIds.get(1);
        rest.uploadArtifact(id, "notes.txt", "hello from the training job\n".getBytes(StandardCharsets.UTF_8), "text/plain");
        rest.uploadArtifact(id, "config/params.json", "{\"lr\":0.01,\"layers\":[64,64]}".getBytes(StandardCharsets.UTF_8), "application/json");
        rest.uploadArtifact(id, "config/model.yaml", "name: resnet\ndepth: 18\n".getBytes(StandardCharsets.UTF_8), "text/yaml");
        rest.uploadArtifact(id, "eval/scores.csv", "class,precision\ncat,0.91\n\"dog, big\",0.87\n".getBytes(StandardCharsets.UTF_8), "text/csv");
        rest.uploadArtifact(id, "plots/tiny.png", TINY_PNG, "image/png");

        page.navigate(base + "/runs/" + id + "?tab=artifacts");
        assertThat(page.locator(".file-list li.dir[data-path=config]")).isVisible();
        page.click(".file-list li[data-path='notes.txt'] a");
        assertThat(page.locator(".preview[data-kind=text] pre")).hasText("hello from the training job\n");

        page.click(".file-list li[data-path=config] a");
        page.click(".file-list li[data-path='config/params.json'] a");
        assertThat(page.locator(".preview[data-kind=json] pre")).containsText("\"layers\": [");
        page.click(".file-list li[data-path='config/model.yaml'] a");
        assertThat(page.locator(".preview[data-kind=yaml] pre")).containsText("depth: 18");

        page.navigate(base + "/runs/" + id + "?tab=artifacts&path=eval%2Fscores.csv");
        assertThat(page.locator(".csv-table tbody tr")).hasCount(2);
        assertThat(page.locator(".csv-table")).containsText("dog, big");
        Browser.screenshot(page, store() + "-artifacts-csv");

        page.navigate(base + "/runs/" + id + "?tab=artifacts&path=plots%2Ftiny.png");
        Locator img = page.locator("img.preview-image");
        img.waitFor();
        page.waitForFunction("() => document.querySelector('img.preview-image').complete");
        assertThat(((Number) img.evaluate("i => i.naturalWidth")).intValue()).isEqualTo(2);

        String href = page.locator("a.download").getAttribute("href");
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + href)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(TINY_PNG);
    }

    /** A 2x1 PNG. */
    static final byte[] TINY_PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR4nGP4z8DAwMDAwAAADQEBAJnZp9kAAAAASUVORK5CYII=");

    @Test
    void compareViewHighlightsDifferencesAndPlotsParallelCoordinatesAndScatter() {
        page.navigate(base + "/compare?runs=" + String.join(",", runIds));
        assertThat(page.locator(".compare-params tr[data-key=lr]")).hasClass(Pattern.compile("differs"));
        assertThat(page.locator(".compare-params tr[data-key=batch_size]")).hasClass(Pattern.compile("same"));
        assertThat(page.locator(".compare-metrics tr[data-key=loss]")).hasClass(Pattern.compile("differs"));
        assertThat(page.locator(".parallel-coordinates path.pc-line")).hasCount(4);
        assertThat(page.locator(".scatter-point")).hasCount(4);

        page.selectOption("select.scatter-sx", "params.lr");
        page.selectOption("select.scatter-sy", "metrics.loss");
        assertThat(page.locator(".scatter-plot")).containsText("params.lr");
        assertThat(page.locator(".scatter-point")).hasCount(4);

        page.check("input.only-differences");
        assertThat(page.locator(".compare-params tr[data-key=batch_size]")).hasCount(0);

        assertThat(page.locator(".metric-chart[data-state=ready]")).isVisible();
        assertThat(page.locator(".u-legend .u-series")).hasCount(5);
        assertChartHasInk();
        Browser.screenshot(page, store() + "-compare");
    }

    @Test
    void deepLinksDeletedRunsMissingRunsAndAnUnreachableServer() {
        page.navigate(base + "/runs/" + deletedRunId + "?tab=overview");
        assertThat(page.locator(".run-deleted")).isVisible();
        assertThat(page.locator("button.restore-run")).isVisible();

        page.navigate(base + "/runs/" + "0".repeat(32));
        assertThat(page.locator(".empty-state")).containsText("Run not found");

        page.navigate(base + "/experiments/" + experimentId + "?filter=" + java.net.URLEncoder.encode("params.optimizer = 'adam'", StandardCharsets.UTF_8));
        assertThat(page.locator(".vrow")).hasCount(2);
        assertThat(page.locator("input.run-search")).hasValue("params.optimizer = 'adam'");

        // Only the UI's own paths fall back to index.html; anything else stays a 404.
        assertThat(page.navigate(base + "/no/such/page").status()).isEqualTo(404);

        // The server goes away: every API call fails at the network level.
        page.navigate(base + "/experiments");
        page.locator("table.experiments-table").waitFor();
        page.route("**/ajax-api/**", route -> route.abort("connectionrefused"));
        page.click("a.experiment-link >> nth=0");
        assertThat(page.locator(".error-box[data-error-code=UNREACHABLE]")).isVisible();
        assertThat(page.locator(".error-box")).containsText("Server unreachable");
        Browser.screenshot(page, store() + "-server-unreachable");
        page.unroute("**/ajax-api/**");
        page.click(".error-box button");
        assertThat(page.locator(".vrow").first()).isVisible();
        page.waitForSelector(".error-box", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.DETACHED));
    }
}
