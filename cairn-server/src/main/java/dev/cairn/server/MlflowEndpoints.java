package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.protocol.MlflowJson;
import dev.cairn.protocol.MlflowRequest;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plumbing shared by every MLflow JSON endpoint: registers a path under both API prefixes, decodes the
 * request (query string for GET, JSON body otherwise), checks required fields, calls the handler and
 * writes the response. Handlers see typed messages only.
 */
final class MlflowEndpoints {
    static final List<String> PREFIXES = List.of("/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/");

    /** JSON bodies are small (log-batch is at most 1000 entities); dataset schemas are the largest fields. */
    static final int MAX_JSON_BODY_BYTES = 16 * 1024 * 1024;

    @FunctionalInterface
    interface Handler<Q> {
        Object handle(Q request, TrackingStore store);
    }

    private final Javalin app;
    private final TrackingStore store;

    MlflowEndpoints(Javalin app, TrackingStore store) {
        this.app = requireNonNull(app, "app is null");
        this.store = store;
    }

    <Q extends MlflowRequest> void get(String path, Class<Q> type, Handler<Q> handler) {
        add(HandlerType.GET, path, type, handler);
    }

    <Q extends MlflowRequest> void post(String path, Class<Q> type, Handler<Q> handler) {
        add(HandlerType.POST, path, type, handler);
    }

    private <Q extends MlflowRequest> void add(HandlerType method, String path, Class<Q> type, Handler<Q> handler) {
        for (String prefix : PREFIXES) {
            app.addHttpHandler(method, prefix + path, ctx -> {
                if (store == null) {
                    throw new CairnException(ErrorCode.ENDPOINT_NOT_FOUND,
                            "Endpoint " + ctx.path() + " is disabled: the server runs with --artifacts-only.");
                }
                Q request = decode(ctx, type);
                request.validate();
                Object response = handler.handle(request, store);
                // encoded straight into the response: a long history or a search page is sent as it is
                // written, not built as one byte array and copied (Jetty still sends Content-Length for
                // bodies that fit its buffer)
                ctx.contentType("application/json");
                MlflowJson.writeTo(ctx.outputStream(), response);
            });
        }
    }

    private <Q> Q decode(Context ctx, Class<Q> type) {
        if (ctx.method() == HandlerType.GET) {
            Map<String, List<String>> query = ctx.queryParamMap();
            if (!query.isEmpty() || ctx.contentLength() <= 0) {
                return MlflowJson.fromQuery(query, type);
            }
        }
        requireJson(ctx);
        return MlflowJson.read(boundedBody(ctx), type);
    }

    private static void requireJson(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType == null || contentType.isBlank()) {
            throw CairnException.invalidParameter(
                    "Bad Request. Content-Type header is missing; send the request body as application/json.");
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw CairnException.invalidParameter(
                    "Bad Request. Content-Type must be application/json, got '%s'.", contentType);
        }
    }

    /** Reads the body with a hard limit even when the client sends no Content-Length (chunked). */
    private static byte[] boundedBody(Context ctx) {
        if (ctx.contentLength() > MAX_JSON_BODY_BYTES) {
            throw tooLarge(ctx.contentLength());
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = in.readNBytes(MAX_JSON_BODY_BYTES + 1);
            if (body.length > MAX_JSON_BODY_BYTES) {
                throw tooLarge(-1);
            }
            return body;
        } catch (IOException e) {
            throw new CairnException(ErrorCode.MALFORMED_REQUEST, "Could not read request body: " + e.getMessage(), e);
        }
    }

    private static CairnException tooLarge(long length) {
        return new CairnException(ErrorCode.BAD_REQUEST, "Request body " + (length > 0 ? "of " + length + " bytes " : "")
                + "exceeds the limit of " + MAX_JSON_BODY_BYTES + " bytes for JSON API requests.");
    }
}
