package dev.cairn.client;

import dev.cairn.client.behaviour.TestServer;
import dev.cairn.core.uri.ResolvedTrackingUri;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.server.CairnServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Not a test: a timing benchmark of one training thread logging metrics through the client to a real server
 * (SQLite, same machine). Prints points/s end to end (until every point is written) and how long each
 * {@code logMetric} call blocked (p50/p99/max).
 *
 * <pre>
 * ./mvnw -B -q -pl cairn-client test-compile
 * ./mvnw -B -q -pl cairn-client dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp "cairn-client/target/test-classes:cairn-client/target/classes:$(cat cp.txt)" dev.cairn.client.ClientLoggingBenchmark [points]
 * </pre>
 */
public final class ClientLoggingBenchmark {
    private ClientLoggingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("cairn-bench");
        try (CairnServer server = TestServer.start(dir)) {
            ResolvedTrackingUri uri = new ResolvedTrackingUri(TrackingUri.parse(server.url()), ResolvedTrackingUri.Rule.EXPLICIT);
            // warm-up: JIT the client, server and store paths
            run(uri, dir, 50_000, false);
            run(uri, dir, points, true);
        }
    }

    private static void run(ResolvedTrackingUri uri, Path dir, int points, boolean print) {
        long[] blocked = new long[points];
        long start;
        long produced;
        long written;
        try (CairnTracking tracking = CairnTracking.open(uri, ClientConfig.fromEnvironment(Map.of(), dir))) {
            try (ActiveRun run = tracking.startRun("bench")) {
                start = System.nanoTime();
                for (int i = 0; i < points; i++) {
                    long t0 = System.nanoTime();
                    run.logMetric(i % 2 == 0 ? "loss" : "accuracy", 1.0 / (i + 1), i / 2);
                    blocked[i] = System.nanoTime() - t0;
                }
                produced = System.nanoTime();
                run.flush();
                written = System.nanoTime();
            }
        }
        if (!print) {
            return;
        }
        Arrays.sort(blocked);
        System.out.printf("points: %,d (2 metric keys, one run, one thread)%n", points);
        System.out.printf("logMetric calls/s (training thread): %,.0f%n", points / ((produced - start) / 1e9));
        System.out.printf("points/s written to the server (end to end, until flushed): %,.0f%n", points / ((written - start) / 1e9));
        System.out.printf("logMetric blocking: p50 %.2f us, p99 %.2f us, p99.9 %.2f us, max %.1f ms%n",
                blocked[points / 2] / 1e3, blocked[(int) (points * 0.99)] / 1e3, blocked[(int) (points * 0.999)] / 1e3,
                blocked[points - 1] / 1e6);
    }
}
