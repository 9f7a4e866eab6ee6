package dev.cairn.server.ui;

import dev.cairn.server.ServerContext;
import io.javalin.Javalin;

/** Serves the web UI (static assets from cairn-ui's /cairn-ui/ class-path folder) at {@code /}. */
public final class UiRoutes {
    private UiRoutes() {}

    public static void register(Javalin app, ServerContext context) {
        // filled in by the web UI work (issue 7)
    }
}
