package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.cairn.client.behaviour.TestServer;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Run;
import dev.cairn.core.uri.ResolvedTrackingUri;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.server.CairnServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The client's TLS settings against a real HTTPS endpoint: a self-signed certificate made at test time with the
 * running JDK's keytool, served by the JDK's HttpsServer, which forwards every request to a real Cairn server
 * (the server itself speaks plain HTTP, as behind a TLS-terminating proxy). The proxy counts TLS connections and
 * records the Authorization header each request carries on to the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIT {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private CairnServer server;
    private HttpsServer https;
    private HttpClient forward;
    private Path certPem;
    private String url;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        certPem = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "cairn", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "cairn", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certPem.toString());
        assertThat(Files.readString(certPem)).startsWith("-----BEGIN CERTIFICATE-----");

        server = TestServer.start(Files.createDirectories(dir.resolve("server")));
        forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                connections.incrementAndGet(); // called once per accepted TLS connection
                super.configure(params);
            }
        });
        https.createContext("/", exchange -> {
            try (exchange) {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                authorizations.add(String.valueOf(authorization));
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + exchange.getRequestURI()))
                        .method(exchange.getRequestMethod(),
                                HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
                for (String header : List.of("Content-Type", "Accept")) {
                    String value = exchange.getRequestHeaders().getFirst(header);
                    if (value != null) {
                        request.header(header, value);
                    }
                }
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<byte[]> response = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                response.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
                byte[] body = response.body();
                exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        });
        https.start();
        url = "https://127.0.0.1:" + https.getAddress().getPort();
    }

    @AfterAll
    void stop() {
        if (https != null) {
            https.stop(0);
        }
        if (forward != null) {
            forward.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void reset() {
        connections.set(0);
        authorizations.clear();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    private ClientConfig config(Map<String, String> env) {
        return ClientConfig.fromEnvironment(env, dir).withRetries(3, Duration.ofMillis(50));
    }

    private CairnTracking open(ClientConfig config) {
        return CairnTracking.open(new ResolvedTrackingUri(TrackingUri.parse(url), ResolvedTrackingUri.Rule.EXPLICIT), config);
    }

    @Test
    void withTheServerCertificateTheClientLogsARunOverHttps() {
        ClientConfig config = config(Map.of("MLFLOW_TRACKING_SERVER_CERT_PATH", certPem.toString()));
        String runId;
        try (CairnTracking tracking = open(config); ActiveRun run = tracking.startRun("over-tls")) {
            run.logParam("lr", "0.01").setTag("transport", "https");
            for (int step = 0; step < 5; step++) {
                run.logMetric("loss", 1.0 / (step + 1), step);
            }
            runId = run.id().value();
        }
        try (CairnTracking tracking = open(config)) {
            Run run = tracking.getRun(dev.cairn.core.model.RunId.of(runId));
            assertThat(run.data().params()).extracting(p -> p.key() + "=" + p.value()).containsExactly("lr=0.01");
            assertThat(run.data().tags()).extracting(t -> t.key() + "=" + t.value()).contains("transport=https");
            assertThat(tracking.getMetricHistory(run.info().runId(), "loss"))
                    .extracting(Metric::step).containsExactly(0L, 1L, 2L, 3L, 4L);
        }
        assertThat(connections).hasPositiveValue();
        assertThat(authorizations).isNotEmpty().containsOnly("null");
    }

    @Test
    void withoutTheCertificateTheConnectionFailsOnceWithAClearMessage() {
        long started = System.nanoTime();
        CairnException e = catchThrowableOfType(CairnException.class, () -> {
            try (CairnTracking tracking = open(config(Map.of()).withRetries(5, Duration.ofSeconds(1)))) {
                tracking.getOrCreateExperiment("never");
            }
        });
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(e.getMessage()).startsWith("TLS: the certificate of the tracking server at " + url + " is not trusted")
                .contains("default trust store").contains("MLFLOW_TRACKING_SERVER_CERT_PATH")
                .contains("MLFLOW_TRACKING_INSECURE_TLS");
        // no retry loop for a trust failure: one connection, and none of the 1 s backoffs slept
        assertThat(connections).hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(authorizations).isEmpty();
    }

    @Test
    void theWrongCertificateIsNamedInTheMessage() throws Exception {
        Path other = dir.resolve("other.p12");
        Path otherPem = dir.resolve("other.pem");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", other.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "other", "-keystore", other.toString(), "-storepass", PASSWORD,
                "-file", otherPem.toString());
        CairnException e = catchThrowableOfType(CairnException.class, () -> {
            try (CairnTracking tracking = open(config(Map.of("MLFLOW_TRACKING_SERVER_CERT_PATH", otherPem.toString())))) {
                tracking.getOrCreateExperiment("never");
            }
        });
        assertThat(e.getMessage()).contains("is not trusted by the certificates in MLFLOW_TRACKING_SERVER_CERT_PATH ("
                + otherPem + ")").contains(url);
        assertThat(connections).hasValue(1);
    }

    @Test
    void insecureTlsWorksAndWarnsOncePerServer() {
        Logger logger = (Logger) LoggerFactory.getLogger(RestTransport.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            ClientConfig config = config(Map.of("MLFLOW_TRACKING_INSECURE_TLS", "true"));
            for (int i = 0; i < 3; i++) {
                try (CairnTracking tracking = open(config); ActiveRun run = tracking.startRun("insecure")) {
                    run.logParam("attempt", i);
                }
            }
        } finally {
            logger.detachAppender(appender);
        }
        List<ILoggingEvent> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).contains("MLFLOW_TRACKING_INSECURE_TLS").contains(url);
    }

    @Test
    void aCertPathThatIsMissingOrNotACertificateIsRefusedUpFront() throws IOException {
        Path missing = dir.resolve("nope.pem");
        CairnException e1 = catchThrowableOfType(CairnException.class,
                () -> open(config(Map.of("MLFLOW_TRACKING_SERVER_CERT_PATH", missing.toString()))).close());
        assertThat(e1.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(e1.getMessage()).isEqualTo("MLFLOW_TRACKING_SERVER_CERT_PATH names " + missing + ", which does not exist.");

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "this is not a certificate\n");
        CairnException e2 = catchThrowableOfType(CairnException.class,
                () -> open(config(Map.of("MLFLOW_TRACKING_SERVER_CERT_PATH", garbage.toString()))).close());
        assertThat(e2.getMessage()).contains("MLFLOW_TRACKING_SERVER_CERT_PATH " + garbage + " holds no certificate")
                .contains("BEGIN CERTIFICATE");

        CairnException e3 = catchThrowableOfType(CairnException.class,
                () -> open(config(Map.of("MLFLOW_TRACKING_SERVER_CERT_PATH", dir.toString()))).close());
        assertThat(e3.getMessage()).contains("which is not a file");
        assertThat(connections).hasValue(0);
    }

    @Test
    void basicAuthAndBearerTokenReachTheServerOverHttps() {
        Map<String, String> basic = Map.of("MLFLOW_TRACKING_SERVER_CERT_PATH", certPem.toString(),
                "MLFLOW_TRACKING_USERNAME", "ana", "MLFLOW_TRACKING_PASSWORD", "s3cret");
        try (CairnTracking tracking = open(config(basic))) {
            tracking.getOrCreateExperiment("auth-basic");
        }
        assertThat(authorizations).isNotEmpty().containsOnly("Basic "
                + java.util.Base64.getEncoder().encodeToString("ana:s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        authorizations.clear();
        Map<String, String> bearer = Map.of("MLFLOW_TRACKING_SERVER_CERT_PATH", certPem.toString(),
                "MLFLOW_TRACKING_TOKEN", "tok-123");
        try (CairnTracking tracking = open(config(bearer))) {
            tracking.getOrCreateExperiment("auth-bearer");
        }
        assertThat(authorizations).isNotEmpty().containsOnly("Bearer tok-123");
    }

    @Test
    void plainHttpToTheHttpsPortFailsWithoutRetrying() {
        // the reverse mistake: an http:// URL for a TLS port is a protocol error, not a trust problem
        CairnException e = catchThrowableOfType(CairnException.class, () -> {
            try (CairnTracking tracking = CairnTracking.open(new ResolvedTrackingUri(
                    TrackingUri.parse(url.replace("https:", "http:")), ResolvedTrackingUri.Rule.EXPLICIT),
                    config(Map.of()).withRetries(0, Duration.ofMillis(10)))) {
                tracking.getOrCreateExperiment("never");
            }
        });
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(url.replace("https:", "http:"));
    }
}
