package dev.cairn.server.artifacts;

import dev.cairn.server.ServerContext;
import io.javalin.Javalin;

/** Registers the artifact endpoints (run artifact listing, the mlflow-artifacts proxy). */
public final class ArtifactRoutes {
    private ArtifactRoutes() {}

    public static void register(Javalin app, ServerContext context) {
        // filled in by the artifacts work (issue 4)
    }
}
