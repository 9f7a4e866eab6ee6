package dev.cairn.protocol;

/**
 * A request message. {@link #validate()} checks what protobuf cannot express (required fields), with
 * MLflow's messages, so server and client refuse the same requests the same way.
 */
public interface MlflowRequest {
    /** Throws {@code CairnException(INVALID_PARAMETER_VALUE)} naming the first missing or invalid field. */
    default void validate() {}
}
