package dev.cairn.server.artifacts;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Cairn server in a separate JVM (java of this JVM, this test's class path), as an operator would run a
 * replica: its own heap limit, its own environment (e.g. S3 settings), nothing shared with the test but
 * the store and the artifact destination. Its output goes to a file the test can search afterwards.
 */
final class ForkedServer implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String url;

    private ForkedServer(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    static ForkedServer start(List<String> jvmOptions, Map<String, String> env, String backendUri, String destination,
            Path workDir, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ForkedServerMain.class.getName());
        command.add(backendUri);
        command.add(destination);
        command.add(workDir.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process process = pb.start();
        // A loaded CI machine can take a while to start a JVM; the server prints its URL once listening.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith(ForkedServerMain.READY)) {
                    return new ForkedServer(process, log, line.substring(ForkedServerMain.READY.length()).strip());
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Forked server exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Forked server did not start within 90 s:\n" + Files.readString(log));
    }

    String url() {
        return url;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Whether GET /health answers 200 OK now. */
    boolean healthy(HttpClient http) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().strip().equals("OK");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }
}
