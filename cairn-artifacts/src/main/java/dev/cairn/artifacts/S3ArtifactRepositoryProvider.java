package dev.cairn.artifacts;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.ArtifactRepositoryProvider;
import dev.cairn.core.error.CairnException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * {@code s3://bucket/prefix}, configured from the variables MLflow and the AWS tools read:
 * {@code MLFLOW_S3_ENDPOINT_URL} (then {@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}) for
 * S3-compatible stores, {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}, and credentials from
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN} or, without them,
 * the SDK's default chain (profiles, instance roles). A custom endpoint implies path-style addressing
 * ({@code CAIRN_S3_PATH_STYLE=false} turns it off), since MinIO, Ceph and friends rarely do
 * virtual-host buckets. Timeouts are bounded so an unreachable endpoint fails within seconds.
 */
public final class S3ArtifactRepositoryProvider implements ArtifactRepositoryProvider {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public ArtifactRepository open(String rootUri) {
        return open(rootUri, System.getenv());
    }

    public static S3ArtifactRepository open(String rootUri, Map<String, String> env) {
        if (rootUri.indexOf('#') >= 0 || rootUri.indexOf('?') >= 0) {
            throw CairnException.invalidParameter("S3 location '%s' must not contain '#' or '?'.", rootUri);
        }
        URI uri;
        try {
            uri = URI.create(rootUri);
        } catch (IllegalArgumentException e) {
            throw CairnException.invalidParameter("Invalid S3 location '%s': %s", rootUri, e.getMessage());
        }
        String bucket = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw CairnException.invalidParameter("S3 location '%s' names no bucket (expected s3://bucket/prefix).", rootUri);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String prefix = ArtifactPath.normalize(path.startsWith("/") ? path.substring(1) : path);
        long partSize = parseLong(env.get("CAIRN_S3_PART_SIZE"), S3ArtifactRepository.DEFAULT_PART_SIZE);
        return new S3ArtifactRepository(client(env), bucket, prefix, partSize, true);
    }

    static S3Client client(Map<String, String> env) {
        String endpoint = first(env, "MLFLOW_S3_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
        String region = first(env, "AWS_REGION", "AWS_DEFAULT_REGION");
        boolean pathStyle = endpoint != null && !"false".equalsIgnoreCase(env.get("CAIRN_S3_PATH_STYLE"));
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region == null ? "us-east-1" : region))
                .credentialsProvider(credentials(env))
                .forcePathStyle(pathStyle)
                // Only what the service demands: S3-compatible stores vary in their support of newer checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT)
                        .connectionAcquisitionTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(c -> c
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .retryStrategy(RetryMode.STANDARD));
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(Map<String, String> env) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key != null && !key.isEmpty() && secret != null) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null || token.isEmpty()
                    ? AwsBasicCredentials.create(key, secret)
                    : AwsSessionCredentials.create(key, secret, token));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static long parseLong(String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw CairnException.invalidParameter("CAIRN_S3_PART_SIZE must be a number of bytes, got '%s'.", value);
        }
    }
}
