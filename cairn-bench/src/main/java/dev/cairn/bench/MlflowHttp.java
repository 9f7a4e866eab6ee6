package dev.cairn.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The REST surface of an MLflow-compatible tracking server ({@code /api/2.0/mlflow/...}), as plain
 * HTTP. Requests are immutable, so workloads build them once and resend them.
 */
public final class MlflowHttp {
    static final String API_PREFIX = "/api/2.0/mlflow/";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    static final String KEEPALIVE_PROPERTY = "jdk.httpclient.keepalive.timeout";

    static {
        // Servers close idle keep-alive connections (gunicorn after 2 s, Jetty after 30 s); a client
        // that keeps them longer (the JDK default is 30 s) sooner or later sends on a closed one and
        // sees "header parser received no bytes", an error of the bench, not of the server. Closed-loop
        // clients never leave a connection idle for a second while a workload runs, so dropping idle
        // connections after 1 s only affects the gaps between workloads. Read once, when the JDK's
        // connection pool class loads; an explicit -D setting wins.
        if (System.getProperty(KEEPALIVE_PROPERTY) == null) {
            System.setProperty(KEEPALIVE_PROPERTY, "1");
        }
    }

    private final URI baseUri;
    private final HttpClient client;
    private final ObjectMapper mapper = new ObjectMapper();

    public MlflowHttp(URI baseUri) {
        requireNonNull(baseUri, "baseUri is null");
        String text = baseUri.toString();
        this.baseUri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        // HTTP/1.1 explicitly: the default (HTTP/2) sends an h2c upgrade on every new connection,
        // which plain MLflow servers (gunicorn/uvicorn) do not speak and which would skew timings.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public URI baseUri() {
        return baseUri;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public HttpRequest post(String endpoint, byte[] jsonBody) {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(jsonBody, "jsonBody is null");
        return HttpRequest.newBuilder(endpointUri(endpoint, Map.of()))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jsonBody))
                .build();
    }

    public HttpRequest get(String endpoint, Map<String, String> query) {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(query, "query is null");
        return HttpRequest.newBuilder(endpointUri(endpoint, query))
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build();
    }

    /** A server path outside the API prefix, such as {@code /health}. */
    public HttpRequest getPath(String path) {
        return HttpRequest.newBuilder(baseUri.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build();
    }

    URI endpointUri(String endpoint, Map<String, String> query) {
        StringBuilder uri = new StringBuilder(baseUri.toString()).append(API_PREFIX).append(endpoint);
        if (!query.isEmpty()) {
            StringJoiner joiner = new StringJoiner("&", "?", "");
            query.forEach((key, value) -> joiner.add(encode(key) + "=" + encode(value)));
            uri.append(joiner);
        }
        return URI.create(uri.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return client.send(request, handler);
    }

    /** One timed exchange: the outcome only, the body is read and dropped unless it is an error. */
    public Outcome exchange(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return Outcome.of(response.statusCode(), response.body());
    }

    /** A setup call: any non-2xx status is fatal and carries the server's error body. */
    public JsonNode call(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new ServerCallException(request.method() + " " + request.uri(), response.statusCode(),
                    new String(response.body(), StandardCharsets.UTF_8));
        }
        byte[] body = response.body();
        return body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
    }

    public byte[] json(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise request body", e);
        }
    }

    /** A setup request the server refused. */
    public static final class ServerCallException extends IOException {
        private final int status;
        private final String body;

        ServerCallException(String call, int status, String body) {
            super(call + " -> HTTP " + status + ": " + body);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }
}
