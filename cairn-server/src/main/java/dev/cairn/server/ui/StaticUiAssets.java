package dev.cairn.server.ui;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The built UI (cairn-ui's jar puts it in the class-path folder {@code /cairn-ui/}). Assets have
 * content hashes in their names, so they are cached for a year; index.html is revalidated every
 * time so a new server version is picked up at once.
 */
final class StaticUiAssets {
    static final String ROOT = "cairn-ui/";
    private static final Pattern ASSET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "woff2", "font/woff2",
            "json", "application/json",
            "map", "application/json");

    private final ClassLoader loader;
    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    StaticUiAssets(ClassLoader loader) {
        this.loader = requireNonNull(loader, "loader is null");
    }

    /** index.html for every UI route (deep links), or a plain 404 when the UI was not built into the class path. */
    void index(Context ctx) {
        Optional<byte[]> index = load("index.html");
        if (index.isEmpty()) {
            ctx.status(404).contentType("text/plain; charset=utf-8")
                    .result("The web UI is not on the class path (cairn-ui was not built). The REST API is at /api/2.0/mlflow/.");
            return;
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(TYPES.get("html")).result(index.get());
    }

    /** One file under assets/; names are checked so no path can leave the folder. */
    void asset(Context ctx) {
        String name = ctx.pathParam("file");
        Optional<byte[]> bytes = ASSET_NAME.matcher(name).matches() && !name.contains("..") ? load("assets/" + name) : Optional.empty();
        if (bytes.isEmpty()) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("Not found");
            return;
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.contentType(TYPES.getOrDefault(ext, "application/octet-stream")).result(bytes.get());
    }

    private Optional<byte[]> load(String relative) {
        return cache.computeIfAbsent(relative, r -> {
            try (InputStream in = loader.getResourceAsStream(ROOT + r)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
