package dev.cairn.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import dev.cairn.server.ServerContext;
import dev.cairn.server.ServerOptions;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The UI's routes on their own (no tracking store): assets, caching, deep-link fallback, and the page in Chromium. */
class UiAssetsIT {
    static Javalin app;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        app = Javalin.create(config -> config.showJavalinBanner = false);
        UiRoutes.register(app, new ServerContext(ServerOptions.defaults(), null, new ObjectMapper()));
        app.start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyUiPathAnswersIndexHtmlThatIsAlwaysRevalidated() throws Exception {
        for (String path : new String[] {"/", "/experiments", "/experiments/1,2?filter=x", "/runs/abc?tab=metrics", "/compare?runs=a,b"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(r.body()).contains("<div id=\"app\">");
        }
        assertThat(get("/not-a-ui-page").statusCode()).isEqualTo(404);
    }

    @Test
    void hashedAssetsAreServedWithLongCachingAndNothingOutsideTheFolder() throws Exception {
        String index = get("/").body();
        Matcher js = Pattern.compile("/assets/([^\"]+\\.js)").matcher(index);
        assertThat(js.find()).as("index.html references a script").isTrue();
        HttpResponse<String> asset = get("/assets/" + js.group(1));
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(asset.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");

        assertThat(get("/assets/missing.js").statusCode()).isEqualTo(404);
        // Jetty itself refuses encoded separators (400); either way nothing outside assets/ is served.
        assertThat(get("/assets/..%2Findex.html").statusCode()).isIn(400, 404);
        assertThat(get("/assets/%2E%2E%2F%2E%2E%2Fdev%2Fcairn%2Fserver%2Fui%2FUiRoutes.class").statusCode()).isIn(400, 404);
        assertThat(get("/assets/..index.html").statusCode()).isEqualTo(404);
    }

    @Test
    void theAppStartsInChromiumAndShowsAnErrorWhenTheApiIsMissing() {
        try (Browser browser = Browser.launch()) {
            Page page = browser.newPage();
            page.navigate(base + "/experiments");
            assertThat(page.locator(".topbar .brand")).hasText("Cairn");
            // No tracking API behind these routes: the view reports it instead of hanging on "Loading".
            assertThat(page.locator(".error-box")).isVisible();
            Browser.screenshot(page, "no-api");
        }
    }
}
