package dev.cairn.server.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.artifacts.ArtifactPath;
import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.error.CairnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Multipart uploads through the proxy, for any destination: parts are PUT to this server, staged as files
 * in a private directory, and on completion streamed in order into the destination as one file. Memory
 * stays bounded whatever the size; disk holds one copy of the parts until completion or abort.
 *
 * <p>Upload state lives in this process, so with several replicas a client must reach the same one for
 * all calls of one upload (sticky sessions); a restart forgets uploads in flight.
 */
final class MultipartUploads {
    static final int MAX_PARTS = 10_000;

    record Upload(String path, int numParts, Path dir) {}

    private final Path staging;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    MultipartUploads(Path staging) {
        this.staging = requireNonNull(staging, "staging is null");
    }

    String create(String path, int numParts) {
        if (numParts < 1 || numParts > MAX_PARTS) {
            throw CairnException.invalidParameter("num_parts must be between 1 and %d, got %d.", MAX_PARTS, numParts);
        }
        String normalized = ArtifactPath.normalize(path);
        if (normalized.isEmpty()) {
            throw CairnException.invalidParameter("A multipart upload needs a file path.");
        }
        String id = UUID.randomUUID().toString();
        try {
            Path dir = Files.createDirectories(staging.resolve(id));
            uploads.put(id, new Upload(normalized, numParts, dir));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage multipart upload", e);
        }
        return id;
    }

    /** Stores one part and returns its ETag (CRC32C and size: cheap to compute while streaming). */
    String putPart(String uploadId, int partNumber, InputStream content) {
        Upload upload = upload(uploadId);
        if (partNumber < 1 || partNumber > upload.numParts()) {
            throw CairnException.invalidParameter("part_number must be between 1 and %d, got %d.", upload.numParts(), partNumber);
        }
        Path part = partFile(upload, partNumber);
        CRC32C crc = new CRC32C();
        long size = 0;
        try {
            Path temp = Files.createTempFile(upload.dir(), "incoming-", ".part");
            try (OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[256 * 1024];
                for (int n; (n = content.read(buffer)) > 0; ) {
                    crc.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
            Files.move(temp, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage part " + partNumber, e);
        }
        String etag = HexFormat.of().toHexDigits((int) crc.getValue()) + "-" + size;
        try {
            Files.writeString(upload.dir().resolve(String.format("part-%05d.etag", partNumber)), etag);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage part " + partNumber, e);
        }
        return etag;
    }

    /** Streams the parts, in part-number order, into {@code repository} at the upload's path. */
    void complete(String uploadId, String path, List<Map.Entry<Integer, String>> parts, ArtifactRepository repository) {
        Upload upload = upload(uploadId);
        if (path != null && !ArtifactPath.normalize(path).equals(upload.path())) {
            throw CairnException.invalidParameter("Upload %s is for '%s', not '%s'.", uploadId, upload.path(), path);
        }
        List<Map.Entry<Integer, String>> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparing(Map.Entry::getKey));
        if (sorted.isEmpty()) {
            throw CairnException.invalidParameter("Completing upload %s needs its parts.", uploadId);
        }
        List<Path> files = new ArrayList<>();
        long total = 0;
        int expected = 1;
        for (Map.Entry<Integer, String> p : sorted) {
            if (p.getKey() != expected++) {
                throw CairnException.invalidParameter("Parts of upload %s must be numbered 1..n without gaps.", uploadId);
            }
            Path file = partFile(upload, p.getKey());
            String etag = readEtag(upload, p.getKey());
            if (etag == null || !Files.isRegularFile(file)) {
                throw CairnException.invalidParameter("Part %d of upload %s was never uploaded.", p.getKey(), uploadId);
            }
            if (p.getValue() != null && !p.getValue().isEmpty() && !stripQuotes(p.getValue()).equals(etag)) {
                throw CairnException.invalidParameter("Part %d of upload %s has ETag %s, not %s.", p.getKey(), uploadId, etag, p.getValue());
            }
            files.add(file);
            try {
                total += Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<InputStream> streams = new ArrayList<>();
        try {
            for (Path f : files) {
                streams.add(new java.io.BufferedInputStream(Files.newInputStream(f), 256 * 1024));
            }
            try (InputStream all = new SequenceInputStream(Collections.enumeration(streams))) {
                repository.write(upload.path(), all, total);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot assemble upload " + uploadId, e);
        } finally {
            for (InputStream s : streams) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already closed by the sequence stream
                }
            }
        }
        abort(uploadId);
    }

    void abort(String uploadId) {
        Upload upload = uploads.remove(checkId(uploadId));
        if (upload == null) {
            return;
        }
        try (Stream<Path> files = Files.list(upload.dir())) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(upload.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove staged upload " + uploadId, e);
        }
    }

    String pathOf(String uploadId) {
        return upload(uploadId).path();
    }

    private Upload upload(String uploadId) {
        Upload upload = uploads.get(checkId(uploadId));
        if (upload == null) {
            throw CairnException.notFound("No multipart upload with id '%s'.", uploadId);
        }
        return upload;
    }

    /** Ids are UUIDs we made; anything else never reaches the file system. */
    private static String checkId(String uploadId) {
        try {
            return UUID.fromString(requireNonNull(uploadId, "upload_id is null")).toString();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw CairnException.invalidParameter("Invalid upload_id '%s'.", String.valueOf(uploadId));
        }
    }

    private static Path partFile(Upload upload, int number) {
        return upload.dir().resolve(String.format("part-%05d", number));
    }

    private static String readEtag(Upload upload, int number) {
        try {
            Path f = upload.dir().resolve(String.format("part-%05d.etag", number));
            return Files.isRegularFile(f) ? Files.readString(f) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String stripQuotes(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
