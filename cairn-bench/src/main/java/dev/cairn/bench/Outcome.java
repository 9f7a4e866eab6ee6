package dev.cairn.bench;

import java.nio.charset.StandardCharsets;

/**
 * What one timed operation came to. A non-2xx status or a transport failure is an error; the
 * detail is kept so the first error of a workload can be shown.
 */
public record Outcome(boolean ok, int status, String detail) {
    private static final Outcome OK = new Outcome(true, 200, "");
    private static final int MAX_DETAIL_CHARS = 2000;

    public static Outcome success() {
        return OK;
    }

    public static Outcome of(int status, byte[] body) {
        if (status / 100 == 2) {
            return status == 200 ? OK : new Outcome(true, status, "");
        }
        return failure(status, new String(body, StandardCharsets.UTF_8));
    }

    /** A failure; status -1 means no HTTP response (connection refused, timeout, bad payload). */
    public static Outcome failure(int status, String detail) {
        String text = detail == null ? "" : detail;
        return new Outcome(false, status, text.length() > MAX_DETAIL_CHARS ? text.substring(0, MAX_DETAIL_CHARS) + "..." : text);
    }

    public String describe() {
        return (status < 0 ? "no response" : "HTTP " + status) + ": " + detail;
    }
}
