package dev.cairn.artifacts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Artifacts behind an HTTP(S) base URL. Files are read with GET, written with a streamed PUT and removed
 * with DELETE on {@code <base>/<path>}. Listing needs a server that speaks the artifact proxy protocol
 * ({@code <server>/api/2.0/mlflow-artifacts/artifacts?path=}), which is what Cairn and MLflow servers
 * expose; for any other web server listing answers NOT_IMPLEMENTED. Credentials come from
 * {@code MLFLOW_TRACKING_TOKEN} (bearer) or {@code MLFLOW_TRACKING_USERNAME}/{@code _PASSWORD} (basic).
 */
public final class HttpArtifactRepository extends StreamingArtifactRepository {
    static final String PROXY_ENDPOINT = "/api/2.0/mlflow-artifacts/artifacts";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final String authorization;

    public HttpArtifactRepository(URI base, Map<String, String> env) {
        requireNonNull(base, "base is null");
        requireNonNull(env, "env is null");
        String s = base.toString();
        if (base.getRawFragment() != null || base.getRawQuery() != null) {
            throw CairnException.invalidParameter("HTTP artifact location '%s' must not contain '#' or '?'.", s);
        }
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.authorization = authorization(env);
    }

    private static String authorization(Map<String, String> env) {
        String token = env.get("MLFLOW_TRACKING_TOKEN");
        if (token != null && !token.isBlank()) {
            return "Bearer " + token;
        }
        String user = env.get("MLFLOW_TRACKING_USERNAME");
        if (user != null && !user.isBlank()) {
            String password = env.getOrDefault("MLFLOW_TRACKING_PASSWORD", "");
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    private URI fileUri(String relative) {
        try {
            URI raw = new URI(null, null, "/" + relative, null);
            return URI.create(base + (relative.isEmpty() ? "" : raw.toASCIIString()));
        } catch (URISyntaxException e) {
            throw CairnException.invalidParameter("Invalid artifact path '%s'.", relative);
        }
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }


    @Override
    public void write(String path, InputStream content, long length) {
        requireNonNull(content, "content is null");
        String relative = ArtifactPath.normalize(path);
        if (relative.isEmpty()) {
            throw CairnException.invalidParameter("An artifact path is required to write a file.");
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofInputStream(() -> content);
        if (length == 0) {
            body = HttpRequest.BodyPublishers.noBody();
        } else if (length > 0) {
            body = HttpRequest.BodyPublishers.fromPublisher(body, length);
        }
        HttpResponse<InputStream> response = send(request(fileUri(relative)).PUT(body)
                .header("Content-Type", "application/octet-stream").build(), "upload '" + relative + "'");
        drain(response, "upload '" + relative + "'");
    }

    @Override
    public List<FileInfo> list(String path) {
        String relative = ArtifactPath.normalize(path);
        String s = base.toString();
        int at = s.indexOf(PROXY_ENDPOINT);
        if (at < 0) {
            throw new CairnException(ErrorCode.NOT_IMPLEMENTED,
                    "Cannot list artifacts at " + s + ": a plain HTTP server has no listing; use a Cairn or MLflow artifact proxy URL.");
        }
        String server = s.substring(0, at);
        String rootPath = s.substring(at + PROXY_ENDPOINT.length()).replaceFirst("^/", "");
        String decodedRoot = URI.create("/" + rootPath).getPath().substring(1);
        String listPath = ArtifactPath.join(decodedRoot, relative);
        URI uri = URI.create(server + PROXY_ENDPOINT + "?path=" + URLEncoder.encode(listPath, StandardCharsets.UTF_8));
        HttpResponse<InputStream> response = send(request(uri).GET().build(), "list '" + relative + "'");
        try (InputStream in = response.body()) {
            if (response.statusCode() == 404) {
                return List.of();
            }
            if (response.statusCode() / 100 != 2) {
                throw error(response.statusCode(), in.readAllBytes(), "list '" + relative + "'");
            }
            JsonNode files = JSON.readTree(in).path("files");
            List<FileInfo> out = new ArrayList<>();
            for (JsonNode f : files) {
                // The proxy answers with names relative to the listed directory; they pass the gate again,
                // so a hostile server cannot smuggle "../x" into a later download.
                String name = ArtifactPath.normalize(f.path("path").asText());
                if (name.isEmpty()) {
                    continue;
                }
                String child = ArtifactPath.join(relative, ArtifactPath.fileName(name));
                boolean dir = f.path("is_dir").asBoolean(false);
                out.add(dir ? new FileInfo(child, true, null) : new FileInfo(child, false, f.path("file_size").asLong(0)));
            }
            out.sort(Comparator.comparing(FileInfo::path));
            return out;
        } catch (IOException e) {
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Reading the listing from " + s + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String path) {
        String relative = ArtifactPath.normalize(path);
        HttpResponse<InputStream> response = send(request(fileUri(relative)).GET().build(), "download '" + relative + "'");
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() == 404) {
                throw CairnException.notFound("No artifact at '%s'.", relative);
            }
            throw error(response.statusCode(), in.readAllBytes(), "download '" + relative + "'");
        } catch (IOException e) {
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Download of '" + relative + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void download(String path, Path destination) {
        requireNonNull(destination, "destination is null");
        RepositoryDownloads.download(this, path, destination);
    }

    @Override
    public void delete(String path) {
        String relative = ArtifactPath.normalize(path);
        HttpResponse<InputStream> response = send(request(fileUri(relative)).DELETE().build(), "delete '" + relative + "'");
        if (response.statusCode() == 404) {
            drainQuietly(response);
            return;
        }
        drain(response, "delete '" + relative + "'");
    }

    private HttpResponse<InputStream> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                    "Cannot reach artifact server " + base.getScheme() + "://" + base.getAuthority() + " to " + what, e);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                    "Artifact server " + base.getAuthority() + " failed to " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Interrupted while trying to " + what, e);
        }
    }

    private void drain(HttpResponse<InputStream> response, String what) {
        try (InputStream in = response.body()) {
            byte[] body = in.readAllBytes();
            if (response.statusCode() / 100 != 2) {
                throw error(response.statusCode(), body, what);
            }
        } catch (IOException e) {
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Artifact server failed to " + what + ": " + e.getMessage(), e);
        }
    }

    private static void drainQuietly(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // nothing useful in an error body we already understood
        }
    }

    /** MLflow-style error bodies keep their code; anything else is described by status. */
    private CairnException error(int status, byte[] body, String what) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("error_code")) {
                ErrorCode code;
                try {
                    code = ErrorCode.valueOf(node.get("error_code").asText());
                } catch (IllegalArgumentException e) {
                    code = status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
                }
                return new CairnException(code, "Artifact server refused to " + what + ": " + node.path("message").asText());
            }
        } catch (IOException ignored) {
            // not JSON
        }
        ErrorCode code = switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            case 404 -> ErrorCode.RESOURCE_DOES_NOT_EXIST;
            default -> status >= 500 ? ErrorCode.TEMPORARILY_UNAVAILABLE : ErrorCode.BAD_REQUEST;
        };
        return new CairnException(code, "Artifact server answered HTTP " + status + " to " + what);
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "HttpArtifactRepository[" + base + "]";
    }
}
