package dev.cairn.cli;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;

/**
 * Exit statuses scripts can rely on.
 * <ul>
 *   <li>0 — success</li>
 *   <li>1 — the request was refused: bad input, unknown id, name already taken, wrong state, not allowed,
 *       wrong credentials</li>
 *   <li>2 — the command line itself is wrong (unknown option, missing argument)</li>
 *   <li>3 — a location could not be reached (server down, database refusing connections), or an internal
 *       error</li>
 *   <li>4 — {@code cairn doctor} found a problem</li>
 * </ul>
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int USER_ERROR = 1;
    public static final int USAGE = 2;
    public static final int UNAVAILABLE = 3;
    public static final int CHECK_FAILED = 4;

    private ExitCodes() {}

    static int of(Throwable e) {
        if (e instanceof CairnException c) {
            return c.code().httpStatus() >= 500 && c.code() != ErrorCode.NOT_IMPLEMENTED ? UNAVAILABLE : USER_ERROR;
        }
        if (e instanceof IllegalArgumentException) {
            return USER_ERROR;
        }
        return UNAVAILABLE;
    }

    static final String DESCRIPTION = """
            Exit status: 0 success; 1 request refused (bad input, unknown id, conflict, credentials); \
            2 bad command line; 3 location unreachable or internal error; 4 doctor found a problem.""";
}
