package dev.cairn.server.ui;

import dev.cairn.server.ServerContext;
import io.javalin.Javalin;

/**
 * Serves the web UI (static assets from cairn-ui's /cairn-ui/ class-path folder) at {@code /}, and
 * the UI-only JSON endpoints under {@code /ajax-api/2.0/cairn/}.
 *
 * <p>Deep links are answered with index.html for the UI's own path prefixes only (not a catch-all),
 * so the order in which route modules are registered does not matter and unknown API paths still
 * get the API's 404.
 */
public final class UiRoutes {
    public static final String API_PREFIX = "/ajax-api/2.0/cairn";

    /** The UI's client-side routes; keep in step with cairn-ui's router.ts. */
    static final String[] PAGE_PATHS = {"/", "/index.html", "/experiments", "/experiments/{ids}", "/runs/{runId}", "/compare"};

    private UiRoutes() {}

    public static void register(Javalin app, ServerContext context) {
        StaticUiAssets assets = new StaticUiAssets(UiRoutes.class.getClassLoader());
        for (String path : PAGE_PATHS) {
            app.get(path, assets::index);
        }
        app.get("/assets/{file}", assets::asset);
        if (context.store() != null) {
            MetricSeriesHandler metrics = new MetricSeriesHandler(context.store(), context.json());
            app.get(API_PREFIX + "/metrics/series", metrics::series);
            app.get(API_PREFIX + "/metrics/summary", metrics::summary);
        }
    }
}
