package dev.cairn.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.artifact.FileInfo;
import dev.cairn.core.artifact.MultipartUploads;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Artifacts under {@code s3://bucket/prefix}. Directories are key prefixes, as in every S3 tool. Files up
 * to one part go up in a single PUT; larger or unknown-length streams go up as a multipart upload, one
 * part buffered at a time, so memory stays at {@code partSize} whatever the file size; a failed upload is
 * aborted so no orphan parts are billed.
 */
public final class S3ArtifactRepository extends StreamingArtifactRepository {
    /** S3 refuses parts under 5 MiB except the last. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final long partSize;
    private final boolean ownsClient;
    private volatile boolean batchDeleteSupported = true;

    /**
     * @param prefix key prefix of the root, without leading or trailing slash; may be empty
     * @param ownsClient whether {@link #close()} closes the client
     */
    public S3ArtifactRepository(S3Client client, String bucket, String prefix, long partSize, boolean ownsClient) {
        this.client = requireNonNull(client, "client is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.prefix = ArtifactPath.normalize(prefix);
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("partSize must be at least " + MIN_PART_SIZE);
        }
        this.partSize = partSize;
        this.ownsClient = ownsClient;
    }

    String key(String relative) {
        return ArtifactPath.join(prefix, relative);
    }

    /** The listing prefix of a directory: its key and a slash, or "" for a bucket root. */
    private String dirPrefix(String relative) {
        String k = key(relative);
        return k.isEmpty() ? "" : k + "/";
    }


    @Override
    public void write(String path, InputStream content, long length) {
        requireNonNull(content, "content is null");
        String relative = ArtifactPath.normalize(path);
        if (relative.isEmpty()) {
            throw CairnException.invalidParameter("An artifact path is required to write a file.");
        }
        String key = key(relative);
        if (length >= 0 && length <= partSize) {
            byte[] bytes = readFully(content, (int) length, relative);
            call("upload " + key, () -> client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)));
            return;
        }
        multipartUpload(key, relative, content, length);
    }

    private void multipartUpload(String key, String relative, InputStream content, long length) {
        String uploadId = call("start upload of " + key,
                () -> client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId());
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[(int) partSize];
            long total = 0;
            for (int partNumber = 1; ; partNumber++) {
                int n = content.readNBytes(buffer, 0, buffer.length);
                if (n == 0 && partNumber > 1) {
                    break;
                }
                total += n;
                int number = partNumber;
                RequestBody body = RequestBody.fromBytes(n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n));
                String etag = call("upload part " + number + " of " + key, () -> client.uploadPart(
                        b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number), body).eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                if (n < buffer.length) {
                    break;
                }
            }
            if (length >= 0 && total != length) {
                throw CairnException.invalidParameter("Upload of '%s' ended after %d of %d bytes.", relative, total, length);
            }
            call("complete upload of " + key, () -> client.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
            completed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read upload of " + relative, e);
        } finally {
            if (!completed) {
                try {
                    client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
                } catch (RuntimeException ignored) {
                    // the original failure is what matters; a bucket lifecycle rule cleans up the rest
                }
            }
        }
    }

    private static byte[] readFully(InputStream content, int length, String relative) {
        try {
            byte[] bytes = content.readNBytes(length);
            if (bytes.length != length) {
                throw CairnException.invalidParameter(
                        "Upload of '%s' ended after %d of %d bytes.", relative, bytes.length, length);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read upload of " + relative, e);
        }
    }

    @Override
    public List<FileInfo> list(String path) {
        String relative = ArtifactPath.normalize(path);
        String listPrefix = dirPrefix(relative);
        String rootPrefix = dirPrefix("");
        List<FileInfo> out = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = call("list " + listPrefix, () -> client.listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(bucket).prefix(listPrefix).delimiter("/").continuationToken(continuation).build()));
            for (CommonPrefix p : page.commonPrefixes()) {
                String dirKey = p.prefix().substring(0, p.prefix().length() - 1);
                if (dirKey.substring(rootPrefix.length()).equals(MultipartUploads.STAGING_DIR)) {
                    continue; // staging of another implementation's uploads, if any, is never an artifact
                }
                out.add(new FileInfo(dirKey.substring(rootPrefix.length()), true, null));
            }
            for (S3Object o : page.contents()) {
                if (o.key().equals(listPrefix)) {
                    continue; // a "folder" marker object some tools create
                }
                out.add(new FileInfo(o.key().substring(rootPrefix.length()), false, o.size()));
            }
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        out.sort(Comparator.comparing(FileInfo::path));
        return out;
    }

    @Override
    public InputStream open(String path) {
        String relative = ArtifactPath.normalize(path);
        if (relative.isEmpty()) {
            throw CairnException.notFound("No artifact at the root of s3://%s/%s.", bucket, prefix);
        }
        try {
            return call("read " + key(relative), () -> client.getObject(b -> b.bucket(bucket).key(key(relative))));
        } catch (CairnException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                throw CairnException.notFound("No artifact at '%s'.", relative);
            }
            throw e;
        }
    }

    @Override
    public void download(String path, Path destination) {
        requireNonNull(destination, "destination is null");
        RepositoryDownloads.download(this, path, destination);
    }

    @Override
    public void delete(String path) {
        String relative = ArtifactPath.normalize(path);
        if (!relative.isEmpty()) {
            call("delete " + key(relative), () -> client.deleteObject(b -> b.bucket(bucket).key(key(relative))));
        }
        String treePrefix = dirPrefix(relative);
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = call("list " + treePrefix, () -> client.listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(bucket).prefix(treePrefix).continuationToken(continuation).build()));
            if (!page.contents().isEmpty()) {
                deleteKeys(page.contents().stream().map(S3Object::key).toList());
            }
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    /**
     * Batch delete where the store supports it. The SDK sends a flexible checksum with DeleteObjects, which
     * some S3-compatible stores answer with 501; those get one DELETE per key instead.
     */
    private void deleteKeys(List<String> keys) {
        if (batchDeleteSupported) {
            List<ObjectIdentifier> ids = keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            try {
                client.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(ids).quiet(true).build()));
                return;
            } catch (S3Exception e) {
                if (e.statusCode() != 501) {
                    call("delete " + keys.size() + " objects", () -> {
                        throw e;
                    });
                }
                batchDeleteSupported = false;
            } catch (SdkClientException e) {
                call("delete " + keys.size() + " objects", () -> {
                    throw e;
                });
            }
        }
        for (String k : keys) {
            call("delete " + k, () -> client.deleteObject(b -> b.bucket(bucket).key(k)));
        }
    }

    /**
     * Runs one S3 call and turns SDK failures into messages a user can act on. An unreachable endpoint is
     * TEMPORARILY_UNAVAILABLE (503): the store, not the request, is at fault, and clients may retry.
     */
    <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (NoSuchKeyException e) {
            throw new CairnException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "No such S3 object: " + what, e);
        } catch (NoSuchBucketException e) {
            throw new CairnException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "S3 bucket '" + bucket + "' does not exist", e);
        } catch (S3Exception e) {
            ErrorCode code = e.statusCode() == 403 ? ErrorCode.PERMISSION_DENIED : ErrorCode.INTERNAL_ERROR;
            throw new CairnException(code, "S3 refused to " + what + " in bucket '" + bucket + "': HTTP "
                    + e.statusCode() + " " + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode()), e);
        } catch (SdkClientException e) {
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                    "Cannot reach S3 to " + what + " in bucket '" + bucket + "': " + e.getMessage(), e);
        }
    }

    /** S3's native multipart upload; see {@link S3MultipartUploads} for parts under 5 MiB. */
    @Override
    public Optional<MultipartUploads> multipartUploads() {
        return Optional.of(new S3MultipartUploads(this, client, bucket));
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "S3ArtifactRepository[s3://" + bucket + "/" + prefix + "]";
    }
}
