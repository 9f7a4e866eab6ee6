package dev.cairn.core.error;

/**
 * MLflow's error codes and the HTTP status each maps to. Clients retry 5xx, so every user
 * mistake must use a 4xx code; INTERNAL_ERROR is for our own bugs and unreachable backends.
 */
public enum ErrorCode {
    INVALID_PARAMETER_VALUE(400),
    RESOURCE_ALREADY_EXISTS(400),
    RESOURCE_DOES_NOT_EXIST(404),
    BAD_REQUEST(400),
    MALFORMED_REQUEST(400),
    INVALID_STATE(400),
    PERMISSION_DENIED(403),
    UNAUTHENTICATED(401),
    ENDPOINT_NOT_FOUND(404),
    REQUEST_LIMIT_EXCEEDED(429),
    NOT_IMPLEMENTED(501),
    TEMPORARILY_UNAVAILABLE(503),
    INTERNAL_ERROR(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
