package dev.cairn.server;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.protocol.ErrorResponse;
import dev.cairn.protocol.MlflowJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into MLflow's error body {@code {"error_code", "message"}} with the
 * status of {@link ErrorCode#httpStatus()}. Anything that is not a {@link CairnException} is our bug and
 * becomes INTERNAL_ERROR without leaking internals.
 */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {}

    static void register(Javalin app) {
        app.exception(CairnException.class, (e, ctx) -> render(ctx, e.code().httpStatus(), e));
        app.exception(HttpResponseException.class, (e, ctx) -> render(ctx, e.getStatus(), fromJavalin(ctx, e)));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unhandled error in {} {}", ctx.method(), ctx.path(), e);
            render(ctx, 500, new CairnException(ErrorCode.INTERNAL_ERROR,
                    "Internal error while handling " + ctx.method() + " " + ctx.path() + ": " + e.getClass().getSimpleName()));
        });
    }

    static void render(Context ctx, int status, CairnException e) {
        if (e.code() == ErrorCode.INTERNAL_ERROR && e.getCause() != null) {
            LOG.error("Internal error in {} {}", ctx.method(), ctx.path(), e);
        }
        ctx.status(status).contentType("application/json").result(MlflowJson.writeBytes(ErrorResponse.from(e)));
    }

    /** Javalin's own refusals (no route, wrong method, body too large) in MLflow's vocabulary. */
    private static CairnException fromJavalin(Context ctx, HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> new CairnException(ErrorCode.ENDPOINT_NOT_FOUND,
                    "No API endpoint " + ctx.method() + " " + ctx.path() + ". Check the path against MLflow's REST API.");
            case 405 -> new CairnException(ErrorCode.BAD_REQUEST,
                    "Method " + ctx.method() + " is not allowed for " + ctx.path() + "; allowed: "
                            + String.join(", ", e.getDetails().values()));
            case 413 -> new CairnException(ErrorCode.BAD_REQUEST, "Request body is too large: " + e.getMessage());
            default -> new CairnException(e.getStatus() >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST,
                    e.getMessage());
        };
    }
}
