package dev.cairn.server.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.artifacts.ArtifactPath;
import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.artifact.MultipartUploads;
import dev.cairn.core.artifact.UploadedPart;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.RunId;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.server.ServerContext;
import dev.cairn.server.ServerOptions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Registers the artifact endpoints: run artifact listing ({@code /api/2.0/mlflow/artifacts/list}), the
 * {@code mlflow-artifacts} proxy (download, streamed upload, delete, list, multipart upload) and
 * {@code /get-artifact} for the UI. Every client-supplied path passes {@link ArtifactPath} before storage
 * is touched; bodies are streamed both ways, never held in memory.
 */
public final class ArtifactRoutes {
    static final List<String> TRACKING_PREFIXES = List.of("/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/");
    static final List<String> PROXY_PREFIXES = List.of("/api/2.0/mlflow-artifacts/", "/ajax-api/2.0/mlflow-artifacts/");
    private static final int COPY_BUFFER = 256 * 1024;

    private ArtifactRoutes() {}

    public static void register(Javalin app, ServerContext context) {
        ServerOptions options = context.options();
        ServerArtifactStores stores = new ServerArtifactStores(options);
        Handlers h = new Handlers(context, stores);
        app.events(e -> e.serverStopped(stores::close));

        // Jetty resolves "a/../b" before routing, so a traversal attempt would otherwise surface as a
        // misleading 404 of some other endpoint; it is refused as the bad path it is.
        app.before(ctx -> h.refuseDotSegmentsInRawPath(ctx));

        if (context.store() != null) {
            for (String prefix : TRACKING_PREFIXES) {
                app.get(prefix + "artifacts/list", h::listRunArtifacts);
            }
            app.get("/get-artifact", h::getRunArtifact);
            app.get("/ajax-api/2.0/mlflow/get-artifact", h::getRunArtifact);
        }
        for (String prefix : PROXY_PREFIXES) {
            app.get(prefix + "artifacts", h::proxyList);
            app.get(prefix + "artifacts/<path>", h::proxyDownload);
            app.put(prefix + "artifacts/<path>", h::proxyUpload);
            app.delete(prefix + "artifacts/<path>", h::proxyDelete);
            app.post(prefix + "mpu/create/<path>", h::mpuCreate);
            app.post(prefix + "mpu/complete/<path>", h::mpuComplete);
            app.post(prefix + "mpu/abort/<path>", h::mpuAbort);
            app.put(prefix + "mpu/part/<path>", h::mpuPart);
        }
    }

    private static final class Handlers {
        private final ServerContext context;
        private final ObjectMapper json;
        private final ServerArtifactStores stores;

        Handlers(ServerContext context, ServerArtifactStores stores) {
            this.context = context;
            this.json = context.json();
            this.stores = stores;
        }

        void refuseDotSegmentsInRawPath(Context ctx) {
            String raw = ctx.req().getRequestURI();
            if (raw == null || !(raw.contains("artifact") || raw.contains("/mpu/"))) {
                return;
            }
            String decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            for (String segment : decoded.split("/", -1)) {
                if (segment.equals("..") || segment.equals(".")) {
                    throw CairnException.invalidParameter("Invalid artifact path: '.' and '..' segments are not allowed.");
                }
            }
            if (decoded.indexOf('\\') >= 0 || decoded.indexOf('\0') >= 0) {
                throw CairnException.invalidParameter("Invalid artifact path: backslashes and NUL are not allowed.");
            }
        }

        private TrackingStore store() {
            return context.store();
        }

        private void requireProxy() {
            if (!context.options().serveArtifacts()) {
                throw new CairnException(ErrorCode.ENDPOINT_NOT_FOUND,
                        "Artifact proxy endpoints are disabled: the server runs without --serve-artifacts.");
            }
        }

        // --- /api/2.0/mlflow/artifacts/list and /get-artifact ---

        void listRunArtifacts(Context ctx) throws IOException {
            String runId = runIdParam(ctx);
            String path = ArtifactPath.normalize(ctx.queryParam("path"));
            String root = store().getRun(RunId.of(runId)).info().artifactUri();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("root_uri", root);
            try (ArtifactRepository repo = stores.forRoot(root)) {
                List<FileInfo> files = repo.list(path);
                if (!files.isEmpty()) {
                    body.put("files", files.stream().map(ArtifactRoutes::fileJson).toList());
                }
            }
            writeJson(ctx, body);
        }

        void getRunArtifact(Context ctx) throws IOException {
            String runId = runIdParam(ctx);
            String path = ArtifactPath.normalize(ctx.queryParam("path"));
            if (path.isEmpty()) {
                throw CairnException.invalidParameter("Parameter 'path' is required.");
            }
            String root = store().getRun(RunId.of(runId)).info().artifactUri();
            try (ArtifactRepository repo = stores.forRoot(root)) {
                stream(ctx, repo, path, true);
            }
        }

        private static String runIdParam(Context ctx) {
            String runId = ctx.queryParam("run_id");
            if (runId == null || runId.isEmpty()) {
                runId = ctx.queryParam("run_uuid");
            }
            if (runId == null || runId.isEmpty()) {
                throw CairnException.invalidParameter("Parameter 'run_id' is required.");
            }
            return runId;
        }

        // --- the mlflow-artifacts proxy ---

        void proxyList(Context ctx) throws IOException {
            requireProxy();
            String path = proxyPath(ctx.queryParam("path"));
            List<FileInfo> files = stores.destination().list(path);
            Map<String, Object> body = new LinkedHashMap<>();
            if (!files.isEmpty()) {
                // The proxy answers with names relative to the listed directory, as MLflow's does.
                body.put("files", files.stream()
                        .map(f -> fileJson(new FileInfo(ArtifactPath.fileName(f.path()), f.isDir(), f.fileSize())))
                        .toList());
            }
            writeJson(ctx, body);
        }

        void proxyDownload(Context ctx) throws IOException {
            requireProxy();
            stream(ctx, stores.destination(), proxyPath(ctx.pathParam("path")), false);
        }

        void proxyUpload(Context ctx) throws IOException {
            requireProxy();
            String path = proxyPath(ctx.pathParam("path"));
            long length = ctx.req().getContentLengthLong();
            try (InputStream in = ctx.req().getInputStream()) {
                stores.destination().write(path, in, length);
            }
            writeJson(ctx, Map.of());
        }

        void proxyDelete(Context ctx) throws IOException {
            requireProxy();
            String path = proxyPath(ctx.pathParam("path"));
            if (path.isEmpty()) {
                throw CairnException.invalidParameter("Refusing to delete the whole artifact destination.");
            }
            stores.destination().delete(path);
            writeJson(ctx, Map.of());
        }

        // --- multipart upload ---
        // Upload state lives in the destination (see MultipartUploads), never in this process, so create,
        // parts and completion of one upload may each reach a different replica.

        /** A proxy path a client may name: valid, and outside the destination's reserved staging directory. */
        private static String proxyPath(String raw) {
            String path = ArtifactPath.normalize(raw);
            if (ArtifactPath.isReserved(path)) {
                throw CairnException.invalidParameter("Artifact path '%s' is reserved for upload staging.", path);
            }
            return path;
        }

        private MultipartUploads destinationUploads() {
            return stores.destination().multipartUploads().orElseThrow(() -> new CairnException(ErrorCode.NOT_IMPLEMENTED,
                    "The artifact destination offers no multipart uploads; upload the file in one PUT."));
        }

        /** The file an mpu call is about: the directory in the URL and the base name of the client's local file. */
        private static String mpuTarget(Context ctx, JsonNode req) {
            String dir = proxyPath(ctx.pathParam("path"));
            // The client names its local file; only its base name is used, as MLflow's proxy does.
            String name = ArtifactPath.normalize(baseName(req.path("path").asText("")));
            if (name.isEmpty()) {
                throw CairnException.invalidParameter("Parameter 'path' (the file being uploaded) is required.");
            }
            return proxyPath(ArtifactPath.join(dir, name));
        }

        void mpuCreate(Context ctx) throws IOException {
            requireProxy();
            JsonNode req = readJson(ctx);
            String target = mpuTarget(ctx, req);
            int numParts = req.path("num_parts").asInt(0);
            if (stores.destination() instanceof dev.cairn.artifacts.LocalArtifactRepository local) {
                local.resolve(target); // refuse a target behind an outward link now, not after the parts arrived
            }
            String uploadId = destinationUploads().create(target, numParts);
            // Parts come back to the proxy (any replica): the URL carries the target, the query the upload.
            String base = ctx.scheme() + "://" + ctx.host() + ctx.path().substring(0, ctx.path().indexOf("mpu/create/"))
                    + "mpu/part/" + encodePath(target) + "?upload_id=" + URLEncoder.encode(uploadId, StandardCharsets.UTF_8)
                    + "&part_number=";
            List<Map<String, Object>> credentials = new ArrayList<>();
            for (int i = 1; i <= numParts; i++) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("url", base + i);
                c.put("part_number", i);
                c.put("headers", Map.of());
                credentials.add(c);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("upload_id", uploadId);
            body.put("credentials", credentials);
            writeJson(ctx, body);
        }

        void mpuPart(Context ctx) throws IOException {
            requireProxy();
            String target = proxyPath(ctx.pathParam("path"));
            String uploadId = ctx.queryParam("upload_id");
            if (uploadId == null) {
                throw CairnException.invalidParameter("Parameter 'upload_id' is required.");
            }
            int partNumber;
            try {
                partNumber = Integer.parseInt(String.valueOf(ctx.queryParam("part_number")));
            } catch (NumberFormatException e) {
                throw CairnException.invalidParameter("Invalid part_number '%s'.", ctx.queryParam("part_number"));
            }
            String etag;
            try (InputStream in = ctx.req().getInputStream()) {
                etag = destinationUploads().uploadPart(target, uploadId, partNumber, in, ctx.req().getContentLengthLong());
            }
            ctx.header("ETag", "\"" + etag + "\"");
            writeJson(ctx, Map.of());
        }

        void mpuComplete(Context ctx) throws IOException {
            requireProxy();
            JsonNode req = readJson(ctx);
            String target = mpuTarget(ctx, req);
            List<UploadedPart> parts = new ArrayList<>();
            for (JsonNode p : req.path("parts")) {
                if (!p.path("part_number").canConvertToInt()) {
                    throw CairnException.invalidParameter("Every part needs a part_number.");
                }
                parts.add(new UploadedPart(p.path("part_number").asInt(), p.path("etag").asText("")));
            }
            destinationUploads().complete(target, req.path("upload_id").asText(null), parts);
            writeJson(ctx, Map.of());
        }

        void mpuAbort(Context ctx) throws IOException {
            requireProxy();
            JsonNode req = readJson(ctx);
            destinationUploads().abort(mpuTarget(ctx, req), req.path("upload_id").asText(null));
            writeJson(ctx, Map.of());
        }

        private JsonNode readJson(Context ctx) {
            try {
                JsonNode node = json.readTree(ctx.bodyAsBytes());
                if (node == null || !node.isObject()) {
                    throw CairnException.invalidParameter("Expected a JSON object body.");
                }
                return node;
            } catch (IOException e) {
                throw new CairnException(ErrorCode.MALFORMED_REQUEST, "Malformed JSON body: " + e.getMessage());
            }
        }

        private void writeJson(Context ctx, Object body) throws IOException {
            ctx.contentType("application/json").result(json.writeValueAsBytes(body));
        }
    }

    /** A normalised artifact path as a URL path: each segment percent-encoded, slashes kept. */
    static String encodePath(String path) {
        StringBuilder b = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!b.isEmpty()) {
                b.append('/');
            }
            b.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }

    private static String baseName(String localPath) {
        String p = localPath.replace('\\', '/');
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        return slash < 0 ? p : p.substring(slash + 1);
    }

    static Map<String, Object> fileJson(FileInfo f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", f.path());
        m.put("is_dir", f.isDir());
        if (f.fileSize() != null) {
            m.put("file_size", f.fileSize());
        }
        return m;
    }

    /**
     * Streams a file to the response, straight from the repository to the socket. For the UI
     * ({@code forBrowser}) only inert content types are used and the page is sandboxed, so an uploaded
     * HTML or SVG file cannot run script in the server's origin.
     */
    private static void stream(Context ctx, ArtifactRepository repo, String path, boolean forBrowser) throws IOException {
        if (path.isEmpty()) {
            throw CairnException.invalidParameter("An artifact path is required.");
        }
        try (InputStream in = repo.open(path)) {
            ctx.status(200);
            ctx.res().setContentType(forBrowser ? browserContentType(path) : "application/octet-stream");
            ctx.header("X-Content-Type-Options", "nosniff");
            if (forBrowser) {
                ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
            } else {
                ctx.header("Content-Disposition", "attachment; filename=\"" + ArtifactPath.fileName(path).replace("\"", "") + "\"");
            }
            if (repo instanceof dev.cairn.artifacts.LocalArtifactRepository local) {
                Long size = local.size(path);
                if (size != null) {
                    ctx.res().setContentLengthLong(size);
                }
            }
            OutputStream out = ctx.res().getOutputStream();
            byte[] buffer = new byte[COPY_BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
            out.flush();
        }
    }

    private static String browserContentType(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "bmp" -> "image/bmp";
            case "json", "geojson" -> "application/json";
            case "pdf" -> "application/pdf";
            case "txt", "log", "csv", "tsv", "yaml", "yml", "md", "py", "html", "htm", "svg", "js", "xml", "mlmodel",
                    "" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }
}
