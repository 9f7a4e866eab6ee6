package dev.cairn.core.artifact;

/**
 * One part a client says it uploaded, as named when completing a multipart upload. {@code etag} is what
 * the part upload answered (surrounding quotes allowed); null or empty when the client did not keep it.
 */
public record UploadedPart(int partNumber, String etag) {

    /** The ETag without the quotes HTTP puts around it, or "" when there is none. */
    public String bareEtag() {
        if (etag == null) {
            return "";
        }
        String e = etag.strip();
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }
}
