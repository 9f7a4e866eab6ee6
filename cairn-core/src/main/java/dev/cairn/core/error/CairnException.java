package dev.cairn.core.error;

import static java.util.Objects.requireNonNull;

/** The one exception type of Cairn: an {@link ErrorCode} and a message meant for the user. */
public class CairnException extends RuntimeException {
    private final ErrorCode code;

    public CairnException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public CairnException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }

    public static CairnException invalidParameter(String format, Object... args) {
        return new CairnException(ErrorCode.INVALID_PARAMETER_VALUE, String.format(format, args));
    }

    public static CairnException notFound(String format, Object... args) {
        return new CairnException(ErrorCode.RESOURCE_DOES_NOT_EXIST, String.format(format, args));
    }

    public static CairnException alreadyExists(String format, Object... args) {
        return new CairnException(ErrorCode.RESOURCE_ALREADY_EXISTS, String.format(format, args));
    }

    public static CairnException internal(String message, Throwable cause) {
        return new CairnException(ErrorCode.INTERNAL_ERROR, message, cause);
    }
}
