package dev.cairn.server.artifacts;

import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/** A real server on a free port over SQLite in a temp dir, proxying artifacts to {@code dir/mlartifacts}. */
final class ProxyFixture implements AutoCloseable {
    final CairnServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Path destination;

    ProxyFixture(Path dir, boolean serveArtifacts, boolean artifactsOnly) {
        destination = dir.resolve("mlartifacts");
        ServerOptions options = new ServerOptions("127.0.0.1", 0, "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
                null, destination.toString(), serveArtifacts, artifactsOnly, dir);
        server = CairnServer.start(options);
    }

    String url(String rawPath) {
        return server.url() + rawPath;
    }

    HttpResponse<String> send(String method, String rawPath, String body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(rawPath))).method(method, publisher);
        if (body != null && body.startsWith("{")) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        http.close();
        server.close();
    }
}
