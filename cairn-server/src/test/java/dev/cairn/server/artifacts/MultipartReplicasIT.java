package dev.cairn.server.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.artifact.MultipartUploads;
import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerOptions;
import dev.cairn.testkit.ArtifactRepositoryContract.PatternStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Multipart uploads through two replicas that share only the tracking store and the artifact destination,
 * as behind a load balancer without sticky sessions: the upload starts on A, its parts are split across A
 * and B, and B completes it. Once with a local (NAS-like) destination and two servers in this JVM, once
 * with an S3 destination (S3Proxy in this JVM) and two servers in JVMs of their own, configured for S3
 * through the environment as an operator would.
 */
class MultipartReplicasIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/2.0/mlflow-artifacts/";
    /** S3 takes no smaller part but the last; the local destination gets the same sizes. */
    private static final int PART = 5 * 1024 * 1024;

    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void localDestinationSharedByTwoReplicas() throws Exception {
        Path destination = dir.resolve("mlartifacts");
        String store = "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath();
        try (CairnServer a = CairnServer.start(options(store, destination.toString()));
                CairnServer b = CairnServer.start(options(store, destination.toString()))) {
            crossReplicaUploadAndAbort(a.url(), b.url(), true);
            badRequestsAnswerInMlflowsErrorFormat(a.url(), b.url());
            // Everything an upload staged is gone; only the staging directory itself may remain, empty.
            Path staging = destination.resolve(MultipartUploads.STAGING_DIR);
            if (Files.exists(staging)) {
                try (Stream<Path> left = Files.list(staging)) {
                    assertThat(left.toList()).isEmpty();
                }
            }
        }
    }

    @Test
    void s3DestinationSharedByTwoForkedReplicas() throws Exception {
        String bucket = "replicas";
        Properties props = new Properties();
        try (BlobStoreContext blobs = ContextBuilder.newBuilder("transient").credentials("unused", "unused")
                .overrides(props).build(BlobStoreContext.class)) {
            blobs.getBlobStore().createContainerInLocation(null, bucket);
            S3Proxy proxy = S3Proxy.builder().blobStore(blobs.getBlobStore())
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "key", "secret")
                    .endpoint(URI.create("http://127.0.0.1:0")).build();
            proxy.start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                String endpoint = "http://127.0.0.1:" + proxy.getPort();
                Map<String, String> env = Map.of("MLFLOW_S3_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", "key",
                        "AWS_SECRET_ACCESS_KEY", "secret", "AWS_REGION", "us-east-1");
                String store = "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath();
                String destination = "s3://" + bucket + "/artifacts";
                try (ForkedServer a = ForkedServer.start(List.of("-Xmx256m"), env, store, destination, dir, dir.resolve("a.log"));
                        ForkedServer b = ForkedServer.start(List.of("-Xmx256m"), env, store, destination, dir, dir.resolve("b.log"));
                        S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                                .region(Region.US_EAST_1)
                                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")))
                                .build()) {
                    // S3Proxy forgets less than S3 about an aborted upload (it lists no parts and refuses
                    // completion with a 400 instead of NoSuchUpload), so only "refused" is asserted there.
                    crossReplicaUploadAndAbort(a.url(), b.url(), false);
                    badRequestsAnswerInMlflowsErrorFormat(a.url(), b.url());
                    smallPartsAreRefusedAtCompletionOnS3(a.url(), b.url());
                    // The bucket holds the completed file and nothing else: no parts, no open uploads.
                    assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).extracting(S3Object::key)
                            .containsExactly("artifacts/exp/run1/model.bin");
                    assertThat(s3.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
                }
            } finally {
                proxy.stop();
            }
        }
    }

    private ServerOptions options(String store, String destination) {
        return new ServerOptions("127.0.0.1", 0, store, null, destination, true, false, dir);
    }

    /** Create on A, parts across A and B out of order, complete on B; then an upload aborted across both. */
    private void crossReplicaUploadAndAbort(String a, String b, boolean abortedIdIsUnknown) throws Exception {
        int size = 2 * PART + 4321;
        byte[] data = new PatternStream(size).readAllBytes();
        HttpResponse<String> created = post(a, API + "mpu/create/exp/run1", "{\"path\":\"/home/me/model.bin\",\"num_parts\":3}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(created.body());
        String uploadId = body.path("upload_id").asText();
        JsonNode credentials = body.path("credentials");
        assertThat(credentials).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(credentials.get(i).path("part_number").asInt()).isEqualTo(i + 1);
            assertThat(credentials.get(i).path("url").asText()).startsWith(a + API + "mpu/part/");
        }
        String[] etags = new String[3];
        int[][] ranges = {{0, PART}, {PART, 2 * PART}, {2 * PART, size}};
        String[] replicaOfPart = {a, b, b};
        for (int i : new int[] {2, 0, 1}) {
            String url = credentials.get(i).path("url").asText().replace(a, replicaOfPart[i]);
            HttpResponse<String> put = send("PUT", url, Arrays.copyOfRange(data, ranges[i][0], ranges[i][1]));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            etags[i] = put.headers().firstValue("ETag").orElseThrow();
        }
        // Staging is invisible through either replica while the upload is open.
        for (String replica : List.of(a, b)) {
            assertThat(JSON.readTree(send("GET", replica + API + "artifacts", null).body()).path("files"))
                    .extracting(f -> f.path("path").asText()).doesNotContain(MultipartUploads.STAGING_DIR);
            assertError(send("GET", replica + API + "artifacts?path=" + MultipartUploads.STAGING_DIR, null), 400,
                    "INVALID_PARAMETER_VALUE");
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            parts.add("{\"part_number\":" + (i + 1) + ",\"etag\":" + JSON.writeValueAsString(etags[i]) + "}");
        }
        HttpResponse<String> done = post(b, API + "mpu/complete/exp/run1", "{\"path\":\"/home/me/model.bin\",\"upload_id\":"
                + JSON.writeValueAsString(uploadId) + ",\"parts\":[" + String.join(",", parts) + "]}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        for (String replica : List.of(a, b)) {
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create(replica + API + "artifacts/exp/run1/model.bin"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(data);
            assertThat(send("GET", replica + API + "artifacts?path=exp/run1", null).body())
                    .isEqualTo("{\"files\":[{\"path\":\"model.bin\",\"is_dir\":false,\"file_size\":" + size + "}]}");
        }
        // A completed upload is over, wherever one asks.
        assertError(post(a, API + "mpu/abort/exp/run1", "{\"path\":\"model.bin\",\"upload_id\":"
                + JSON.writeValueAsString(uploadId) + "}"), 404, "RESOURCE_DOES_NOT_EXIST");

        // Abort: started on B, a part on A, aborted on A; B then knows nothing of it.
        JsonNode other = JSON.readTree(post(b, API + "mpu/create/exp/aborted", "{\"path\":\"x.bin\",\"num_parts\":2}").body());
        String otherId = other.path("upload_id").asText();
        String partUrl = other.path("credentials").get(0).path("url").asText().replace(b, a);
        assertThat(send("PUT", partUrl, new byte[PART]).statusCode()).isEqualTo(200);
        assertThat(post(a, API + "mpu/abort/exp/aborted", "{\"path\":\"x.bin\",\"upload_id\":"
                + JSON.writeValueAsString(otherId) + "}").statusCode()).isEqualTo(200);
        HttpResponse<String> late = post(b, API + "mpu/complete/exp/aborted", "{\"path\":\"x.bin\",\"upload_id\":"
                + JSON.writeValueAsString(otherId) + ",\"parts\":[{\"part_number\":1}]}");
        if (abortedIdIsUnknown) {
            assertError(late, 404, "RESOURCE_DOES_NOT_EXIST");
        } else {
            assertThat(late.statusCode()).as(late.body()).isBetween(400, 404);
        }
        assertError(send("GET", b + API + "artifacts/exp/aborted/x.bin", null), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    private void badRequestsAnswerInMlflowsErrorFormat(String a, String b) throws Exception {
        JsonNode created = JSON.readTree(post(a, API + "mpu/create/bad", "{\"path\":\"f.bin\",\"num_parts\":2}").body());
        String id = created.path("upload_id").asText();
        String part = b + API + "mpu/part/bad/f.bin?upload_id=" + id + "&part_number=";
        assertError(send("PUT", part + "0", new byte[] {1}), 400, "INVALID_PARAMETER_VALUE");
        assertError(send("PUT", part + "abc", new byte[] {1}), 400, "INVALID_PARAMETER_VALUE");
        assertError(send("PUT", part + "10001", new byte[] {1}), 400, "INVALID_PARAMETER_VALUE");
        assertError(send("PUT", b + API + "mpu/part/bad/f.bin?part_number=1", new byte[] {1}), 400, "INVALID_PARAMETER_VALUE");
        for (String hostile : List.of("..%2F..%2Fetc", "..", "a%2Fb", "%00", "x%20y")) {
            assertError(send("PUT", b + API + "mpu/part/bad/f.bin?upload_id=" + hostile + "&part_number=1", new byte[] {1}),
                    400, "INVALID_PARAMETER_VALUE");
            assertError(post(b, API + "mpu/abort/bad", "{\"path\":\"f.bin\",\"upload_id\":\""
                    + java.net.URLDecoder.decode(hostile, StandardCharsets.UTF_8).replace("\0", "\\u0000") + "\"}"),
                    400, "INVALID_PARAMETER_VALUE");
        }
        String unknown = java.util.UUID.randomUUID().toString();
        assertError(post(b, API + "mpu/abort/bad", "{\"path\":\"f.bin\",\"upload_id\":\"" + unknown + "\"}"),
                404, "RESOURCE_DOES_NOT_EXIST");
        assertError(post(b, API + "mpu/complete/bad", "{\"path\":\"f.bin\",\"upload_id\":\"" + unknown
                + "\",\"parts\":[{\"part_number\":1,\"etag\":\"x\"}]}"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(post(b, API + "mpu/complete/bad", "{\"path\":\"f.bin\",\"upload_id\":\"" + id
                + "\",\"parts\":[{\"part_number\":2,\"etag\":\"x\"}]}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(post(a, API + "mpu/create/bad", "{\"path\":\"f.bin\",\"num_parts\":0}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(post(a, API + "mpu/create/bad", "{\"num_parts\":1}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(post(a, API + "mpu/create/" + MultipartUploads.STAGING_DIR, "{\"path\":\"f.bin\",\"num_parts\":1}"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(send("PUT", a + API + "artifacts/" + MultipartUploads.STAGING_DIR + "/x", new byte[] {1}),
                400, "INVALID_PARAMETER_VALUE");
        assertThat(post(a, API + "mpu/abort/bad", "{\"path\":\"f.bin\",\"upload_id\":\"" + id + "\"}").statusCode())
                .isEqualTo(200);
    }

    /** S3 refuses non-last parts under 5 MiB; Cairn says so with a 400 and the upload can still be aborted. */
    private void smallPartsAreRefusedAtCompletionOnS3(String a, String b) throws Exception {
        JsonNode created = JSON.readTree(post(a, API + "mpu/create/small", "{\"path\":\"s.bin\",\"num_parts\":2}").body());
        String id = created.path("upload_id").asText();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> put = send("PUT", created.path("credentials").get(i).path("url").asText().replace(a, i == 0 ? a : b),
                    new byte[] {1, 2, 3});
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            parts.add("{\"part_number\":" + (i + 1) + ",\"etag\":" + JSON.writeValueAsString(put.headers().firstValue("ETag").orElseThrow()) + "}");
        }
        HttpResponse<String> refused = post(b, API + "mpu/complete/small", "{\"path\":\"s.bin\",\"upload_id\":"
                + JSON.writeValueAsString(id) + ",\"parts\":[" + String.join(",", parts) + "]}");
        assertError(refused, 400, "INVALID_PARAMETER_VALUE");
        assertThat(refused.body()).contains("5 MiB");
        assertThat(post(a, API + "mpu/abort/small", "{\"path\":\"s.bin\",\"upload_id\":"
                + JSON.writeValueAsString(id) + "}").statusCode()).isEqualTo(200);
    }

    private static void assertError(HttpResponse<String> response, int status, String errorCode) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("error_code").asText()).as(response.body()).isEqualTo(errorCode);
        assertThat(error.path("message").asText()).isNotEmpty();
    }

    private HttpResponse<String> post(String server, String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String url, byte[] body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, publisher).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
