package dev.cairn.artifacts;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.artifact.MultipartUploads;
import dev.cairn.core.artifact.UploadedPart;
import dev.cairn.core.error.CairnException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3's own multipart upload behind {@link MultipartUploads}: the upload id is S3's, each part goes to
 * UploadPart as it streams in (never buffered: its length is known from the request), and completion is
 * CompleteMultipartUpload, so the object is assembled inside S3 and nothing passes the server twice. All
 * state is S3's, so any replica can take any call.
 *
 * <p>S3 refuses parts under 5 MiB except the last, and only says so at completion. Such an upload is not
 * silently re-assembled elsewhere: completion answers INVALID_PARAMETER_VALUE naming the rule, and the
 * upload stays open so the client can abort it (MLflow's clients send 100 MiB parts by default, well
 * above the limit).
 */
final class S3MultipartUploads implements MultipartUploads {
    /** S3's largest part. */
    static final long MAX_PART_BYTES = 5L * 1024 * 1024 * 1024;
    /**
     * S3 upload ids are opaque; these characters cover what AWS and the common S3-compatible stores hand
     * out. Anything else is refused before S3 is asked, so an id cannot smuggle a path or a header.
     */
    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9._~=+-]{1,1024}");

    private final S3ArtifactRepository repository;
    private final S3Client client;
    private final String bucket;

    S3MultipartUploads(S3ArtifactRepository repository, S3Client client, String bucket) {
        this.repository = requireNonNull(repository, "repository is null");
        this.client = requireNonNull(client, "client is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
    }

    @Override
    public String create(String path, int numParts) {
        String key = repository.key(StagedMultipartUploads.targetPath(path));
        if (numParts < 1 || numParts > MAX_PARTS) {
            throw CairnException.invalidParameter("num_parts must be between 1 and %d, got %d.", MAX_PARTS, numParts);
        }
        return s3("start upload of " + key, null,
                () -> client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId());
    }

    @Override
    public String uploadPart(String path, String uploadId, int partNumber, InputStream content, long length) {
        requireNonNull(content, "content is null");
        String key = repository.key(StagedMultipartUploads.targetPath(path));
        String id = checkId(uploadId);
        if (partNumber < 1 || partNumber > MAX_PARTS) {
            throw CairnException.invalidParameter("part_number must be between 1 and %d, got %d.", MAX_PARTS, partNumber);
        }
        if (length < 0) {
            throw CairnException.invalidParameter("A part for S3 needs its Content-Length (S3 takes no part of unknown size).");
        }
        if (length > MAX_PART_BYTES) {
            throw CairnException.invalidParameter("A part may hold at most 5 GiB, got %d bytes.", length);
        }
        String etag = s3("upload part " + partNumber + " of " + key, id, () -> client.uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(id).partNumber(partNumber).contentLength(length),
                RequestBody.fromInputStream(content, length)).eTag());
        return new UploadedPart(partNumber, etag).bareEtag();
    }

    @Override
    public void complete(String path, String uploadId, List<UploadedPart> parts) {
        String key = repository.key(StagedMultipartUploads.targetPath(path));
        String id = checkId(uploadId);
        List<UploadedPart> sorted = new ArrayList<>(requireNonNull(parts, "parts is null"));
        sorted.sort(Comparator.comparingInt(UploadedPart::partNumber));
        if (sorted.isEmpty()) {
            throw CairnException.invalidParameter("Completing upload %s needs its parts.", id);
        }
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).partNumber() != i + 1) {
                throw CairnException.invalidParameter("Parts of upload %s must be numbered 1..n without gaps.", id);
            }
        }
        // S3 needs every part's ETag; a client that did not keep them gets them from S3's own record.
        Map<Integer, String> known = sorted.stream().anyMatch(p -> p.bareEtag().isEmpty()) ? listParts(key, id) : Map.of();
        List<CompletedPart> completed = new ArrayList<>();
        for (UploadedPart p : sorted) {
            String etag = p.bareEtag().isEmpty() ? known.get(p.partNumber()) : p.bareEtag();
            if (etag == null) {
                throw CairnException.invalidParameter("Part %d of upload %s was never uploaded.", p.partNumber(), id);
            }
            completed.add(CompletedPart.builder().partNumber(p.partNumber()).eTag("\"" + etag + "\"").build());
        }
        s3("complete upload of " + key, id, () -> client.completeMultipartUpload(
                b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(completed))));
    }

    @Override
    public void abort(String path, String uploadId) {
        String key = repository.key(StagedMultipartUploads.targetPath(path));
        String id = checkId(uploadId);
        s3("abort upload of " + key, id, () -> client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id)));
    }

    private Map<Integer, String> listParts(String key, String id) {
        Map<Integer, String> etags = new HashMap<>();
        s3("list parts of " + key, id, () -> {
            for (Part p : client.listPartsPaginator(b -> b.bucket(bucket).key(key).uploadId(id)).parts()) {
                etags.put(p.partNumber(), new UploadedPart(p.partNumber(), p.eTag()).bareEtag());
            }
            return null;
        });
        return etags;
    }

    static String checkId(String uploadId) {
        if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches() || uploadId.chars().allMatch(c -> c == '.')) {
            throw CairnException.invalidParameter("Invalid upload_id '%s'.", ArtifactPath.printable(String.valueOf(uploadId)));
        }
        return uploadId;
    }

    /** One S3 call; the answers that are the client's doing become 404/400 instead of a server error. */
    private <T> T s3(String what, String uploadId, Supplier<T> action) {
        return repository.call(what, () -> {
            try {
                return action.get();
            } catch (S3Exception e) {
                String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
                if (e instanceof NoSuchUploadException || code.equals("NoSuchUpload")) {
                    throw CairnException.notFound("No multipart upload with id '%s'.", uploadId);
                }
                if (code.equals("EntityTooSmall")) {
                    throw CairnException.invalidParameter("S3 refused to complete upload %s: every part but the last must "
                            + "hold at least 5 MiB. Abort the upload and send larger parts.", uploadId);
                }
                if (code.equals("InvalidPart") || code.equals("InvalidPartOrder")) {
                    throw CairnException.invalidParameter("S3 refused the parts of upload %s (%s): a part is missing or "
                            + "its ETag does not match.", uploadId, code);
                }
                throw e;
            }
        });
    }
}
