package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.protocol.MlflowJson;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracking server: MLflow's REST API over one {@link TrackingStore}, opened once at start and shared
 * by all requests (which run on virtual threads, since store calls block on JDBC or files).
 */
public final class CairnServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CairnServer.class);

    private final Javalin app;
    private final TrackingStore store;
    private final ServerOptions options;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private CairnServer(Javalin app, TrackingStore store, ServerOptions options) {
        this.app = app;
        this.store = store;
        this.options = options;
    }

    /** Opens the store and starts listening; port 0 picks a free port (see {@link #port()}). */
    public static CairnServer start(ServerOptions options) {
        requireNonNull(options, "options is null");
        TrackingStore store = null;
        if (!options.artifactsOnly()) {
            TrackingUri uri = TrackingUri.parse(options.backendStoreUri());
            store = TrackingStores.open(uri, new StoreConfig(options.effectiveDefaultArtifactRoot(), options.workingDir()));
            LOG.info("Tracking data: {}", StorageLocations.describeBackend(uri, options.workingDir()));
            LOG.info("Artifacts of new experiments: {}", StorageLocations.describeArtifacts(options));
        } else {
            LOG.info("Artifacts-only mode: artifacts in {}",
                    StorageLocations.describeLocation(options.artifactsDestination(), options.workingDir()));
        }
        ServerContext context = new ServerContext(options, store, MlflowJson.mapper());
        Javalin app = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            config.http.prefer405over404 = true;
            // Bounds ctx.body()/bodyAsBytes() for every route; artifact uploads read ctx.bodyInputStream(),
            // which Javalin does not limit, so they stream at any size. MLflow JSON routes also enforce
            // the bound themselves (MlflowEndpoints) because chunked bodies carry no Content-Length.
            config.http.maxRequestSize = MlflowEndpoints.MAX_JSON_BODY_BYTES;
            config.router.ignoreTrailingSlashes = true;
            config.jsonMapper(new JavalinJackson(context.json(), true));
        });
        ApiErrors.register(app);
        TrackingRoutes.register(app, context);
        CairnServer server = new CairnServer(app, store, options);
        app.events(events -> events.serverStopped(server.stopped::countDown));
        try {
            app.start(options.host(), options.port());
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            throw e;
        }
        LOG.info("Cairn {} listening on {}", ServerVersion.VERSION, server.url());
        return server;
    }

    public int port() {
        return app.port();
    }

    /** The base URL clients use as tracking URI, e.g. {@code http://127.0.0.1:5000}. */
    public String url() {
        String host = options.host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    public ServerOptions options() {
        return options;
    }

    /** Blocks until the server has stopped (or the calling thread is interrupted, whose flag is then kept set). */
    public void join() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            stopped.countDown();
            if (store != null) {
                store.close();
            }
        }
    }
}
