package dev.cairn.client;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.error.CairnException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the client talks to a server and buffers metrics. {@link #fromEnvironment} reads MLflow's
 * variables, so a job configured for MLflow's Python client behaves the same here.
 *
 * @param username basic-auth user ({@code MLFLOW_TRACKING_USERNAME}); null for none
 * @param password basic-auth password ({@code MLFLOW_TRACKING_PASSWORD})
 * @param token bearer token ({@code MLFLOW_TRACKING_TOKEN}); wins over basic auth
 * @param insecureTls skip certificate and host-name checks ({@code MLFLOW_TRACKING_INSECURE_TLS=true})
 * @param serverCertPath PEM file of certificates to trust ({@code MLFLOW_TRACKING_SERVER_CERT_PATH})
 * @param maxRetries retries after the first attempt on 429, 5xx and connection errors
 *     ({@code MLFLOW_HTTP_REQUEST_MAX_RETRIES}, default 5)
 * @param backoff first retry delay, doubled per retry ({@code MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR} seconds,
 *     default 0.25 s); each delay is capped at {@link #MAX_BACKOFF}
 * @param requestTimeout per-request timeout ({@code MLFLOW_HTTP_REQUEST_TIMEOUT} seconds, default 120)
 * @param queueCapacity metric points buffered before {@code logMetric} blocks
 * @param queueOfferTimeout how long {@code logMetric} waits for room before failing
 * @param workingDir against which relative paths in tracking URIs are resolved
 */
public record ClientConfig(
        String username,
        String password,
        String token,
        boolean insecureTls,
        Path serverCertPath,
        int maxRetries,
        Duration backoff,
        Duration requestTimeout,
        int queueCapacity,
        Duration queueOfferTimeout,
        Path workingDir) {
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;

    public ClientConfig {
        requireNonNull(backoff, "backoff is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(queueOfferTimeout, "queueOfferTimeout is null");
        requireNonNull(workingDir, "workingDir is null");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries < 0");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity < 1");
        }
    }

    /** This process's environment and working directory. */
    public static ClientConfig fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of("").toAbsolutePath());
    }

    public static ClientConfig fromEnvironment(Map<String, String> env, Path workingDir) {
        requireNonNull(env, "env is null");
        String cert = blankToNull(env.get("MLFLOW_TRACKING_SERVER_CERT_PATH"));
        return new ClientConfig(
                blankToNull(env.get("MLFLOW_TRACKING_USERNAME")),
                env.get("MLFLOW_TRACKING_PASSWORD"),
                blankToNull(env.get("MLFLOW_TRACKING_TOKEN")),
                Boolean.parseBoolean(env.getOrDefault("MLFLOW_TRACKING_INSECURE_TLS", "false").trim()),
                cert == null ? null : workingDir.resolve(cert),
                (int) number(env, "MLFLOW_HTTP_REQUEST_MAX_RETRIES", 5),
                Duration.ofMillis((long) (number(env, "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", 0.25) * 1000)),
                Duration.ofMillis((long) (number(env, "MLFLOW_HTTP_REQUEST_TIMEOUT", 120) * 1000)),
                DEFAULT_QUEUE_CAPACITY,
                Duration.ofSeconds(30),
                workingDir);
    }

    public ClientConfig withRetries(int retries, Duration firstBackoff) {
        return new ClientConfig(username, password, token, insecureTls, serverCertPath, retries, firstBackoff,
                requestTimeout, queueCapacity, queueOfferTimeout, workingDir);
    }

    public ClientConfig withQueue(int capacity, Duration offerTimeout) {
        return new ClientConfig(username, password, token, insecureTls, serverCertPath, maxRetries, backoff,
                requestTimeout, capacity, offerTimeout, workingDir);
    }

    public ClientConfig withBasicAuth(String user, String pass) {
        return new ClientConfig(user, pass, token, insecureTls, serverCertPath, maxRetries, backoff,
                requestTimeout, queueCapacity, queueOfferTimeout, workingDir);
    }

    public ClientConfig withToken(String bearer) {
        return new ClientConfig(username, password, bearer, insecureTls, serverCertPath, maxRetries, backoff,
                requestTimeout, queueCapacity, queueOfferTimeout, workingDir);
    }

    public ClientConfig withTls(boolean insecure, Path certPath) {
        return new ClientConfig(username, password, token, insecure, certPath, maxRetries, backoff,
                requestTimeout, queueCapacity, queueOfferTimeout, workingDir);
    }

    /** The variables an artifact repository reads for credentials, rebuilt from this config. */
    Map<String, String> credentialEnv(String trackingUri) {
        var env = new java.util.HashMap<String, String>();
        env.put("MLFLOW_TRACKING_URI", trackingUri);
        if (token != null) {
            env.put("MLFLOW_TRACKING_TOKEN", token);
        }
        if (username != null) {
            env.put("MLFLOW_TRACKING_USERNAME", username);
            env.put("MLFLOW_TRACKING_PASSWORD", password == null ? "" : password);
        }
        return env;
    }

    private static double number(Map<String, String> env, String name, double fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            if (parsed < 0 || Double.isNaN(parsed) || Double.isInfinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw CairnException.invalidParameter("Environment variable %s must be a non-negative number, got '%s'.", name, value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
