package dev.cairn.core.artifact;

import java.io.InputStream;
import java.util.List;

/**
 * Multipart uploads into one {@link ArtifactRepository}: a client starts an upload, sends numbered parts
 * (in any order, possibly through different server replicas) and completes it, which makes the parts one
 * file at {@code path}. All state lives in the repository's storage, never in the serving process, so any
 * replica may take any call of an upload and a restart loses nothing.
 *
 * <p>Every call names the target {@code path} (relative, as for the repository) and the upload id. An
 * implementation validates the id strictly before touching storage: a malformed id is
 * {@code INVALID_PARAMETER_VALUE}, an id of no open upload (never created, completed or aborted) is
 * {@code RESOURCE_DOES_NOT_EXIST}.
 */
public interface MultipartUploads {
    /** Most parts one upload may have (S3's limit, which the others share for one behaviour everywhere). */
    int MAX_PARTS = 10_000;

    /**
     * Name of the reserved top-level directory where an implementation may keep upload state inside the
     * repository root. Repositories leave it out of listings; servers refuse client paths into it.
     */
    String STAGING_DIR = ".cairn-multipart";

    /** Starts an upload of {@code numParts} parts (1..{@link #MAX_PARTS}) that will become {@code path}; returns its id. */
    String create(String path, int numParts);

    /**
     * Stores part {@code partNumber} (from 1), streamed from {@code content}, replacing an earlier upload of
     * the same number; {@code length} is -1 when unknown. Returns the part's ETag, without quotes.
     */
    String uploadPart(String path, String uploadId, int partNumber, InputStream content, long length);

    /**
     * Joins the parts, in part-number order, into the file at {@code path} and ends the upload. The parts
     * must be numbered 1..n without gaps; a given ETag must match the one the part upload answered.
     */
    void complete(String path, String uploadId, List<UploadedPart> parts);

    /** Ends the upload and removes its parts. */
    void abort(String path, String uploadId);
}
