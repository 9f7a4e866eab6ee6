package dev.cairn.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.testkit.ArtifactRepositoryContract;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The contract against a real S3 API: S3Proxy in-process over an in-memory blob store, with SigV4 auth. */
class S3ArtifactRepositoryIT extends ArtifactRepositoryContract {
    private static final String ACCESS_KEY = "cairn-access";
    private static final String SECRET_KEY = "cairn-secret";
    private static final String BUCKET = "artifacts";
    private static BlobStoreContext blobs;
    private static S3Proxy proxy;
    private static String endpoint;

    @BeforeAll
    static void startS3() throws Exception {
        Properties props = new Properties();
        blobs = ContextBuilder.newBuilder("transient").credentials("unused", "unused").overrides(props)
                .build(BlobStoreContext.class);
        blobs.getBlobStore().createContainerInLocation(null, BUCKET);
        proxy = S3Proxy.builder()
                .blobStore(blobs.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(20);
        }
        endpoint = "http://127.0.0.1:" + proxy.getPort();
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        if (blobs != null) {
            blobs.close();
        }
    }

    private static Map<String, String> env() {
        return Map.of("MLFLOW_S3_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION", "us-east-1");
    }

    @Override
    protected ArtifactRepository newRepository() {
        // A fresh prefix per test: tests share the bucket but never see each other's keys.
        return S3ArtifactRepositoryProvider.open("s3://" + BUCKET + "/runs/" + UUID.randomUUID() + "/artifacts", env());
    }

    @Override
    protected long largeFileBytes() {
        return 2 * S3ArtifactRepository.DEFAULT_PART_SIZE + 12345; // three parts
    }

    @Override
    @Disabled("S3Proxy still takes UploadPart for an aborted upload id and refuses its completion with a 400 "
            + "rather than NoSuchUpload; real S3 answers NoSuchUpload, which S3MultipartUploads maps to "
            + "RESOURCE_DOES_NOT_EXIST as for never-created ids (covered by the other multipart cases)")
    @Test
    public void multipartCallsOnAnAbortedUploadAreRefused() {}

    @Test
    void unknownLengthLargerThanAPartGoesMultipart() throws Exception {
        long size = S3ArtifactRepository.DEFAULT_PART_SIZE + 1;
        repo.write("u.bin", new PatternStream(size), -1);
        assertThat(repo.list("")).containsExactly(new FileInfo("u.bin", false, size));
    }

    @Test
    void siblingPrefixesDoNotLeakIntoListingsOrDeletes() {
        String base = "s3://" + BUCKET + "/shared-" + UUID.randomUUID();
        try (ArtifactRepository a = S3ArtifactRepositoryProvider.open(base + "/exp", env());
                ArtifactRepository b = S3ArtifactRepositoryProvider.open(base + "/exp-evil", env())) {
            b.write("secret.txt", new ByteArrayInputStream(new byte[] {7}), 1);
            a.write("mine.txt", new ByteArrayInputStream(new byte[] {1}), 1);
            assertThat(a.list("")).extracting(FileInfo::path).containsExactly("mine.txt");
            a.delete("");
            assertThat(b.list("")).extracting(FileInfo::path).containsExactly("secret.txt");
        }
    }

    @Test
    void wrongCredentialsArePermissionDenied() {
        Map<String, String> bad = Map.of("MLFLOW_S3_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", "wrong", "AWS_REGION", "us-east-1");
        try (ArtifactRepository r = S3ArtifactRepositoryProvider.open("s3://" + BUCKET + "/x", bad)) {
            assertThatThrownBy(() -> r.list("")).isInstanceOfSatisfying(CairnException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        }
    }

    @Test
    void unreachableEndpointFailsFastWithAClearError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> dead = Map.of("MLFLOW_S3_ENDPOINT_URL", "http://127.0.0.1:" + closedPort,
                "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b", "AWS_REGION", "us-east-1");
        long start = System.nanoTime();
        try (ArtifactRepository r = S3ArtifactRepositoryProvider.open("s3://" + BUCKET + "/x", dead)) {
            assertThatThrownBy(() -> r.list("")).isInstanceOfSatisfying(CairnException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
                assertThat(e.getMessage()).contains("Cannot reach S3", BUCKET);
            });
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void missingBucketIsNamed() {
        try (ArtifactRepository r = S3ArtifactRepositoryProvider.open("s3://no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8) + "/x", env())) {
            assertThatThrownBy(() -> r.list("")).isInstanceOf(CairnException.class).hasMessageContaining("no-such-bucket");
        }
    }
}
