package dev.cairn.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.artifact.ArtifactRepository;
import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.artifact.MultipartUploads;
import dev.cairn.core.artifact.UploadedPart;
import dev.cairn.core.error.CairnException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Multipart uploads for a repository without a native form of its own (a local directory or NAS, SFTP):
 * each part is written as an object under {@code .cairn-multipart/<upload id>/} inside the repository root,
 * beside a small manifest naming the target, and completion streams the parts in order into the target
 * through the repository's own {@link ArtifactRepository#write} (which keeps memory bounded and makes the
 * file appear whole), then removes the staging objects. Because everything is in the shared storage, any
 * replica can take any call of an upload.
 *
 * <p>Upload ids are random UUIDs and nothing else is accepted, so an id can never name a place outside the
 * staging directory. An upload nobody completes or aborts stays staged until removed (as S3 keeps
 * incomplete uploads until a lifecycle rule clears them); the manifest records when it was created.
 */
public final class StagedMultipartUploads implements MultipartUploads {
    private static final String MANIFEST = "upload.properties";
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ArtifactRepository repository;

    public StagedMultipartUploads(ArtifactRepository repository) {
        this.repository = requireNonNull(repository, "repository is null");
    }

    private record Manifest(String path, int numParts) {}

    @Override
    public String create(String path, int numParts) {
        String target = targetPath(path);
        if (numParts < 1 || numParts > MAX_PARTS) {
            throw CairnException.invalidParameter("num_parts must be between 1 and %d, got %d.", MAX_PARTS, numParts);
        }
        String id = UUID.randomUUID().toString();
        Properties p = new Properties();
        p.setProperty("path", target);
        p.setProperty("num_parts", Integer.toString(numParts));
        p.setProperty("created_ms", Long.toString(System.currentTimeMillis()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            p.store(bytes, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        repository.write(object(id, MANIFEST), new ByteArrayInputStream(bytes.toByteArray()), bytes.size());
        return id;
    }

    @Override
    public String uploadPart(String path, String uploadId, int partNumber, InputStream content, long length) {
        requireNonNull(content, "content is null");
        String id = checkId(uploadId);
        Manifest manifest = manifest(id, path);
        if (partNumber < 1 || partNumber > manifest.numParts()) {
            throw CairnException.invalidParameter("part_number must be between 1 and %d, got %d.", manifest.numParts(), partNumber);
        }
        // CRC32C and size make the ETag: computed while the bytes pass, no second read of the part.
        CountingCrcStream counted = new CountingCrcStream(content);
        repository.write(object(id, partName(partNumber)), counted, length);
        String etag = HexFormat.of().toHexDigits((int) counted.getChecksum().getValue()) + "-" + counted.count;
        byte[] etagBytes = etag.getBytes(StandardCharsets.UTF_8);
        repository.write(object(id, partName(partNumber) + ".etag"), new ByteArrayInputStream(etagBytes), etagBytes.length);
        return etag;
    }

    @Override
    public void complete(String path, String uploadId, List<UploadedPart> parts) {
        String id = checkId(uploadId);
        Manifest manifest = manifest(id, path);
        List<UploadedPart> sorted = new ArrayList<>(requireNonNull(parts, "parts is null"));
        sorted.sort(Comparator.comparingInt(UploadedPart::partNumber));
        if (sorted.isEmpty()) {
            throw CairnException.invalidParameter("Completing upload %s needs its parts.", id);
        }
        Map<String, Long> staged = new HashMap<>();
        for (FileInfo f : repository.list(stagingDir(id))) {
            if (!f.isDir()) {
                staged.put(ArtifactPath.fileName(f.path()), f.fileSize());
            }
        }
        long total = 0;
        for (int i = 0; i < sorted.size(); i++) {
            UploadedPart part = sorted.get(i);
            if (part.partNumber() != i + 1) {
                throw CairnException.invalidParameter("Parts of upload %s must be numbered 1..n without gaps.", id);
            }
            Long size = staged.get(partName(part.partNumber()));
            if (size == null || !staged.containsKey(partName(part.partNumber()) + ".etag")) {
                throw CairnException.invalidParameter("Part %d of upload %s was never uploaded.", part.partNumber(), id);
            }
            String etag = readSmall(object(id, partName(part.partNumber()) + ".etag"));
            if (!part.bareEtag().isEmpty() && !part.bareEtag().equals(etag)) {
                throw CairnException.invalidParameter("Part %d of upload %s has ETag %s, not %s.",
                        part.partNumber(), id, etag, part.bareEtag());
            }
            total += size;
        }
        try (InputStream joined = new SequenceInputStream(new PartStreams(id, sorted.size()))) {
            repository.write(manifest.path(), joined, total);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot assemble upload " + id, e);
        }
        repository.delete(stagingDir(id));
    }

    @Override
    public void abort(String path, String uploadId) {
        String id = checkId(uploadId);
        manifest(id, path);
        repository.delete(stagingDir(id));
    }

    /** Opens the parts one after another, so a 10,000-part upload never holds 10,000 open streams. */
    private final class PartStreams implements Enumeration<InputStream> {
        private final String id;
        private final int count;
        private int next = 1;

        PartStreams(String id, int count) {
            this.id = id;
            this.count = count;
        }

        @Override
        public boolean hasMoreElements() {
            return next <= count;
        }

        @Override
        public InputStream nextElement() {
            if (next > count) {
                throw new NoSuchElementException();
            }
            return repository.open(object(id, partName(next++)));
        }
    }

    private Manifest manifest(String id, String path) {
        Properties p = new Properties();
        try (InputStream in = repository.open(object(id, MANIFEST))) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
        } catch (CairnException e) {
            if (e.code() == dev.cairn.core.error.ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw CairnException.notFound("No multipart upload with id '%s'.", id);
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read multipart upload " + id, e);
        }
        Manifest m = new Manifest(p.getProperty("path", ""), Integer.parseInt(p.getProperty("num_parts", "0")));
        if (path != null && !targetPath(path).equals(m.path())) {
            throw CairnException.invalidParameter("Upload %s is for '%s', not '%s'.", id, m.path(), ArtifactPath.normalize(path));
        }
        return m;
    }

    private String readSmall(String objectPath) {
        try (InputStream in = repository.open(objectPath)) {
            return new String(in.readNBytes(256), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + objectPath, e);
        }
    }

    /** The target of an upload: a file path, outside the reserved staging directory. */
    static String targetPath(String path) {
        String target = ArtifactPath.normalize(path);
        if (target.isEmpty()) {
            throw CairnException.invalidParameter("A multipart upload needs a file path.");
        }
        if (ArtifactPath.isReserved(target)) {
            throw CairnException.invalidParameter("'%s' is reserved for upload staging.", STAGING_DIR);
        }
        return target;
    }

    /** Ids are UUIDs this class made, in canonical form; anything else never reaches storage. */
    static String checkId(String uploadId) {
        if (uploadId == null || !CANONICAL_UUID.matcher(uploadId).matches()) {
            throw CairnException.invalidParameter("Invalid upload_id '%s'.", ArtifactPath.printable(String.valueOf(uploadId)));
        }
        return uploadId;
    }

    private static String stagingDir(String id) {
        return STAGING_DIR + "/" + id;
    }

    private static String object(String id, String name) {
        return stagingDir(id) + "/" + name;
    }

    private static String partName(int number) {
        return String.format("part-%05d", number);
    }

    private static final class CountingCrcStream extends CheckedInputStream {
        long count;

        CountingCrcStream(InputStream in) {
            super(in, new CRC32C());
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
