package dev.cairn.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.error.CairnException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code mlflow-artifacts:} locations: artifacts a tracking server stores for its clients in its
 * {@code --artifacts-destination}. {@code mlflow-artifacts://host:port/p} names the server; the short form
 * {@code mlflow-artifacts:/p} means the server of {@code MLFLOW_TRACKING_URI}. Everything goes through the
 * server's proxy endpoints, so the client never needs access to where the bytes really live.
 */
public final class MlflowArtifactsRepository implements ArtifactRepository {
    public static final String SCHEME = "mlflow-artifacts";

    private final HttpArtifactRepository http;

    public MlflowArtifactsRepository(String artifactUri, Map<String, String> env) {
        requireNonNull(artifactUri, "artifactUri is null");
        requireNonNull(env, "env is null");
        this.http = new HttpArtifactRepository(proxyUrl(artifactUri, env.get("MLFLOW_TRACKING_URI")), env);
    }

    /** The HTTP URL of the proxy directory a {@code mlflow-artifacts:} URI names. */
    public static URI proxyUrl(String artifactUri, String trackingUri) {
        if (artifactUri.indexOf('#') >= 0 || artifactUri.indexOf('?') >= 0) {
            throw CairnException.invalidParameter("Artifact location '%s' must not contain '#' or '?'.", artifactUri);
        }
        URI uri;
        try {
            uri = URI.create(artifactUri);
        } catch (IllegalArgumentException e) {
            throw CairnException.invalidParameter("Invalid artifact location '%s': %s", artifactUri, e.getMessage());
        }
        if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
            throw CairnException.invalidParameter("Not a %s: URI: '%s'", SCHEME, artifactUri);
        }
        String path = ArtifactPath.normalize(pathOf(uri));
        String server;
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
            server = "http://" + uri.getRawAuthority();
        } else {
            if (trackingUri == null || !(trackingUri.startsWith("http://") || trackingUri.startsWith("https://"))) {
                throw CairnException.invalidParameter(
                        "Artifact location '%s' needs an HTTP tracking server: set MLFLOW_TRACKING_URI to http(s)://host:port.",
                        artifactUri);
            }
            server = trackingUri.endsWith("/") ? trackingUri.substring(0, trackingUri.length() - 1) : trackingUri;
        }
        try {
            String encoded = new URI(null, null, "/" + path, null).toASCIIString();
            return URI.create(server + HttpArtifactRepository.PROXY_ENDPOINT + (path.isEmpty() ? "" : encoded));
        } catch (java.net.URISyntaxException e) {
            throw CairnException.invalidParameter("Invalid artifact location '%s'.", artifactUri);
        }
    }

    /** The path part of a {@code mlflow-artifacts:} URI, relative to the server's artifact destination. */
    public static String pathOf(URI uri) {
        String path = uri.getPath() == null ? uri.getSchemeSpecificPart() : uri.getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    @Override
    public void logArtifact(Path localFile, String artifactDir) {
        http.logArtifact(localFile, artifactDir);
    }

    @Override
    public void logArtifacts(Path localDir, String artifactDir) {
        http.logArtifacts(localDir, artifactDir);
    }

    @Override
    public void write(String path, InputStream content, long length) {
        http.write(path, content, length);
    }

    @Override
    public List<FileInfo> list(String path) {
        return http.list(path);
    }

    @Override
    public InputStream open(String path) {
        return http.open(path);
    }

    @Override
    public void download(String path, Path destination) {
        http.download(path, destination);
    }

    @Override
    public void delete(String path) {
        http.delete(path);
    }

    @Override
    public void close() {
        http.close();
    }
}
