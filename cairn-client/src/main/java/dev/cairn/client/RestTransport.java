package dev.cairn.client;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.protocol.ErrorResponse;
import dev.cairn.protocol.MlflowJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLflow's REST API over {@code java.net.http}: JSON through cairn-protocol's codec, credentials and TLS
 * from {@link ClientConfig}, and retries with exponential backoff on what may pass (429, 5xx, connection
 * errors) but never on a 4xx, which would fail the same way again, nor on a TLS failure: a certificate that
 * is not trusted now will not be trusted in a second either.
 */
final class RestTransport implements AutoCloseable {
    static final String API_PREFIX = "/api/2.0/mlflow/";
    private static final Logger LOG = LoggerFactory.getLogger(RestTransport.class);
    /** Servers already warned about MLFLOW_TRACKING_INSECURE_TLS: once per server and process, not per client. */
    private static final Set<String> WARNED_INSECURE = ConcurrentHashMap.newKeySet();

    private final String baseUrl;
    private final ClientConfig config;
    private final HttpClient http;
    private final String authorization;

    RestTransport(String baseUrl, ClientConfig config) {
        requireNonNull(baseUrl, "baseUrl is null");
        this.config = requireNonNull(config, "config is null");
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (this.baseUrl.regionMatches(true, 0, "https:", 0, 6)) {
            builder.sslContext(sslContext(config));
            if (config.insecureTls() && WARNED_INSECURE.add(this.baseUrl)) {
                LOG.warn("MLFLOW_TRACKING_INSECURE_TLS is set: the certificate and host name of {} are not checked, so "
                        + "anyone between this process and the server can read and change what is logged.", this.baseUrl);
            }
        }
        this.http = builder.build();
        this.authorization = authorization(config);
    }

    String baseUrl() {
        return baseUrl;
    }

    <T> T post(String endpoint, Object body, Class<T> responseType) {
        byte[] json = MlflowJson.writeBytes(body);
        HttpRequest request = request(URI.create(baseUrl + API_PREFIX + endpoint))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return send(request, endpoint, responseType);
    }

    <T> T get(String endpoint, Object queryMessage, Class<T> responseType) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (Map.Entry<String, List<String>> e : MlflowJson.toQuery(queryMessage).entrySet()) {
            for (String v : e.getValue()) {
                query.add(encode(e.getKey()) + "=" + encode(v));
            }
        }
        HttpRequest request = request(URI.create(baseUrl + API_PREFIX + endpoint + query)).GET().build();
        return send(request, endpoint, responseType);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("User-Agent", "cairn-java-client");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private <T> T send(HttpRequest request, String endpoint, Class<T> responseType) {
        int attempts = config.maxRetries() + 1;
        Duration delay = config.backoff();
        String lastProblem = null;
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                sleep(delay);
                delay = min(delay.multipliedBy(2), ClientConfig.MAX_BACKOFF);
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (ConnectException | HttpTimeoutException e) {
                lastProblem = describe(e);
                lastCause = e;
                continue;
            } catch (IOException e) {
                SSLException tls = tlsFailure(e);
                if (tls != null) {
                    throw tlsError(tls, endpoint);
                }
                lastProblem = describe(e);
                lastCause = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CairnException(ErrorCode.INTERNAL_ERROR, "Interrupted while calling " + baseUrl + " (" + endpoint + ")", e);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return MlflowJson.read(response.body(), responseType);
            }
            if (isRetryable(status) && attempt < attempts) {
                lastProblem = "HTTP " + status;
                delay = max(delay, retryAfter(response));
                continue;
            }
            throw error(status, response.body(), endpoint);
        }
        throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                "Cannot reach the tracking server at " + baseUrl + " (" + endpoint + ") after " + attempts + " attempt"
                        + (attempts == 1 ? "" : "s") + ": " + lastProblem, lastCause);
    }

    /** The TLS failure behind {@code e}, if that is what it is (the HTTP client sometimes wraps it). */
    private static SSLException tlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    private CairnException tlsError(SSLException e, String endpoint) {
        String reason = rootMessage(e);
        if (e instanceof SSLHandshakeException && !config.insecureTls() && trustProblem(e)) {
            String trusted = config.serverCertPath() != null
                    ? "the certificates in MLFLOW_TRACKING_SERVER_CERT_PATH (" + config.serverCertPath() + ")"
                    : "this JVM's default trust store";
            String fix = config.serverCertPath() != null
                    ? "Point MLFLOW_TRACKING_SERVER_CERT_PATH at a PEM file holding the server's certificate or the CA that signed it"
                    : "Set MLFLOW_TRACKING_SERVER_CERT_PATH to a PEM file holding the server's certificate or the CA that signed it";
            return new CairnException(ErrorCode.INVALID_PARAMETER_VALUE, "TLS: the certificate of the tracking server at "
                    + baseUrl + " is not trusted by " + trusted + " (" + reason + "). " + fix
                    + ", or, only for testing, set MLFLOW_TRACKING_INSECURE_TLS=true to skip certificate checks.", e);
        }
        return new CairnException(ErrorCode.INVALID_PARAMETER_VALUE, "TLS: the secure connection to the tracking server at "
                + baseUrl + " failed (" + reason + ") calling " + endpoint + ". Is it an HTTPS server at that address "
                + "(not http://)?", e);
    }

    /** True when the handshake failed because the client would not accept the server's certificate. */
    private static boolean trustProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException) {
                return true;
            }
        }
        String m = String.valueOf(e.getMessage());
        return m.contains("PKIX") || m.contains("certificate") || m.contains("subject alternative");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    static boolean isRetryable(int status) {
        return status == 429 || status >= 500 && status != 501;
    }

    private CairnException error(int status, byte[] body, String endpoint) {
        ErrorResponse parsed = null;
        try {
            parsed = MlflowJson.read(body, ErrorResponse.class);
        } catch (RuntimeException notJson) {
            // a proxy or a non-MLflow server answered; judge by the status alone
        }
        if (parsed != null && parsed.errorCode() != null) {
            CairnException e = parsed.toException();
            if (e.code() == ErrorCode.UNAUTHENTICATED) {
                return new CairnException(e.code(), e.getMessage() + credentialHint());
            }
            return e;
        }
        return switch (status) {
            case 401 -> new CairnException(ErrorCode.UNAUTHENTICATED,
                    "The tracking server at " + baseUrl + " refused the credentials (HTTP 401)." + credentialHint());
            case 403 -> new CairnException(ErrorCode.PERMISSION_DENIED,
                    "The tracking server at " + baseUrl + " denied access to " + endpoint + " (HTTP 403).");
            case 404 -> new CairnException(ErrorCode.ENDPOINT_NOT_FOUND,
                    "No MLflow endpoint " + API_PREFIX + endpoint + " at " + baseUrl
                            + " (HTTP 404): is the tracking URI the address of an MLflow-compatible server?");
            case 429 -> new CairnException(ErrorCode.REQUEST_LIMIT_EXCEEDED,
                    "The tracking server at " + baseUrl + " kept answering 429 Too Many Requests.");
            default -> new CairnException(status >= 500 ? ErrorCode.TEMPORARILY_UNAVAILABLE : ErrorCode.BAD_REQUEST,
                    "The tracking server at " + baseUrl + " answered HTTP " + status + " to " + endpoint
                            + (status >= 500 ? " on every attempt." : "."));
        };
    }

    private String credentialHint() {
        return config.token() != null
                ? " Check MLFLOW_TRACKING_TOKEN."
                : config.username() != null
                        ? " Check MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD."
                        : " Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN.";
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return min(Duration.ofSeconds(Long.parseLong(v.trim())), ClientConfig.MAX_BACKOFF);
            } catch (NumberFormatException e) {
                return Duration.ZERO;
            }
        }).orElse(Duration.ZERO);
    }

    private static String describe(IOException e) {
        String kind = e instanceof ConnectException ? "connection refused or failed"
                : e instanceof HttpTimeoutException ? "timed out" : e.getClass().getSimpleName();
        return e.getMessage() == null || e.getMessage().isBlank() ? kind : kind + " (" + e.getMessage() + ")";
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Interrupted while waiting to retry", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String authorization(ClientConfig config) {
        if (config.token() != null) {
            return "Bearer " + config.token();
        }
        if (config.username() != null) {
            String pair = config.username() + ":" + (config.password() == null ? "" : config.password());
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    static SSLContext sslContext(ClientConfig config) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (config.insecureTls()) {
                context.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
            } else if (config.serverCertPath() != null) {
                context.init(null, trustManagers(config.serverCertPath()), new SecureRandom());
            } else {
                return SSLContext.getDefault();
            }
            return context;
        } catch (GeneralSecurityException e) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER_VALUE, "Cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(Path pem) throws GeneralSecurityException {
        if (!Files.exists(pem)) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "MLFLOW_TRACKING_SERVER_CERT_PATH names " + pem + ", which does not exist.");
        }
        if (!Files.isRegularFile(pem)) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "MLFLOW_TRACKING_SERVER_CERT_PATH names " + pem + ", which is not a file (a PEM certificate file is expected).");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(pem)) {
            store.load(null, null);
            Collection<? extends Certificate> certs;
            try {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            } catch (CertificateException e) {
                certs = List.of(); // not PEM/DER at all: reported below like an empty file
            }
            int i = 0;
            for (Certificate cert : certs) {
                store.setCertificateEntry("cert-" + i++, cert);
            }
            if (i == 0) {
                throw new CairnException(ErrorCode.INVALID_PARAMETER_VALUE, "MLFLOW_TRACKING_SERVER_CERT_PATH " + pem
                        + " holds no certificate: expected a PEM file with -----BEGIN CERTIFICATE----- blocks.");
            }
        } catch (IOException e) {
            throw new CairnException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Cannot read MLFLOW_TRACKING_SERVER_CERT_PATH " + pem + ": " + e.getMessage(), e);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /**
     * MLFLOW_TRACKING_INSECURE_TLS: an extended trust manager is where JSSE checks the host name too, so
     * accepting here skips both the chain and the host-name check, as the variable promises.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
