package dev.cairn.protocol;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;

/** MLflow's error body: {@code {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "..."}}. */
public record ErrorResponse(String errorCode, String message) {
    public static ErrorResponse from(CairnException e) {
        return new ErrorResponse(e.code().name(), e.getMessage());
    }

    /** The error as an exception; unknown codes (from newer servers) become INTERNAL_ERROR. */
    public CairnException toException() {
        ErrorCode code;
        try {
            code = errorCode == null ? ErrorCode.INTERNAL_ERROR : ErrorCode.valueOf(errorCode);
        } catch (IllegalArgumentException e) {
            code = ErrorCode.INTERNAL_ERROR;
        }
        return new CairnException(code, message == null ? String.valueOf(errorCode) : message);
    }
}
