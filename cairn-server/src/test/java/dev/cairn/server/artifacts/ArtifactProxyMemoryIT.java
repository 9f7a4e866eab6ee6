package dev.cairn.server.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy's memory bound, checked: a 2 GiB artifact goes up through the proxy and comes back down,
 * byte-identical (SHA-256 on the fly at both ends), with the server in its own JVM at {@code -Xmx256m}.
 * Neither side ever holds the file: the test generates the bytes as they are sent and hashes them as
 * they arrive. The server must still answer /health afterwards and must never have run out of memory
 * ({@code -XX:+ExitOnOutOfMemoryError} makes any OutOfMemoryError fatal, and its output is searched).
 */
class ArtifactProxyMemoryIT {
    static final long SIZE = 2L * 1024 * 1024 * 1024;
    private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts/";

    @TempDir
    Path dir;

    @Test
    void twoGibibytesUpAndDownThroughAServerWith256MibHeap() throws Exception {
        Path destination = destinationDir();
        Path stored = destination.resolve("memory/big.bin");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        try (ForkedServer server = ForkedServer.start(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), Map.of(),
                "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(), destination.toString(), dir, dir.resolve("server.log"))) {
            URI uri = URI.create(server.url() + PROXY + "memory/big.bin");

            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            long upStart = System.nanoTime();
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri)
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new DigestInputStream(new GeneratedBytes(SIZE), sent)), SIZE))
                    .build(), HttpResponse.BodyHandlers.ofString());
            double upSeconds = (System.nanoTime() - upStart) / 1e9;
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(Files.size(stored)).isEqualTo(SIZE);

            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long count = 0;
            long downStart = System.nanoTime();
            HttpResponse<InputStream> get = http.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(get.statusCode()).isEqualTo(200);
            try (InputStream in = new DigestInputStream(get.body(), received)) {
                byte[] buffer = new byte[1 << 20];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    count += n;
                }
            }
            double downSeconds = (System.nanoTime() - downStart) / 1e9;

            assertThat(count).isEqualTo(SIZE);
            assertThat(received.digest()).isEqualTo(sent.digest());
            assertThat(server.isAlive()).isTrue();
            assertThat(server.healthy(http)).isTrue();
            assertThat(server.output()).doesNotContain("OutOfMemoryError");
            System.out.printf("ArtifactProxyMemoryIT: 2 GiB at -Xmx256m into %s: up %.1f s (%.0f MB/s), down %.1f s (%.0f MB/s)%n",
                    destination, upSeconds, SIZE / 1e6 / upSeconds, downSeconds, SIZE / 1e6 / downSeconds);
        } finally {
            http.close();
            deleteTree(destination);
        }
    }

    /** Removes what the test wrote, whatever state a failure left it in, without masking that failure. */
    private static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("ArtifactProxyMemoryIT: could not remove " + root + ": " + e);
        }
    }

    /**
     * Where the 2 GiB land: a memory file system when there is room, else the temp directory. What is
     * bounded here is the server's heap, not the disk; on a shared disk the upload mostly measured the
     * disk's write speed (40-50 MB/s here under load, against 80 MB/s for dd alone) and took over a minute.
     */
    private Path destinationDir() throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)
                && Files.getFileStore(shm).getUsableSpace() > SIZE + (1L << 30)) {
            return Files.createTempDirectory(shm, "cairn-memory-it-");
        }
        return Files.createDirectories(dir.resolve("mlartifacts"));
    }

    /**
     * {@code size} deterministic bytes made on demand: a random 1 MiB block, rotated by a different amount
     * for each block, so every block differs (a lost, repeated or swapped block changes the hash) while
     * generating costs no more than a memory copy.
     */
    static final class GeneratedBytes extends InputStream {
        private static final int BLOCK = 1 << 20;
        private final byte[] base = new byte[BLOCK];
        private final long size;
        private long position;

        GeneratedBytes(long size) {
            this.size = size;
            new Random(42).nextBytes(base);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            long block = position / BLOCK;
            int inBlock = (int) (position % BLOCK);
            int n = (int) Math.min(Math.min(len, size - position), BLOCK - inBlock);
            int rotation = (int) ((block * 7919) % BLOCK);
            int from = (inBlock + rotation) % BLOCK;
            int first = Math.min(n, BLOCK - from);
            System.arraycopy(base, from, b, off, first);
            System.arraycopy(base, 0, b, off + first, n - first);
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            position = size;
        }
    }
}
