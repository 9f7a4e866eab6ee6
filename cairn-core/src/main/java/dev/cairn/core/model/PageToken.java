package dev.cairn.core.model;

import dev.cairn.core.error.CairnException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offset page tokens in MLflow's format: base64 of {@code {"offset": N}}, so a token from
 * either server is understood by the other.
 */
public record PageToken(int offset) {
    private static final Pattern OFFSET = Pattern.compile("\\{\\s*\"offset\"\\s*:\\s*(\\d{1,9})\\s*}");

    public static final PageToken FIRST = new PageToken(0);

    public PageToken {
        if (offset < 0) {
            throw new IllegalArgumentException("offset < 0");
        }
    }

    /** Parses a token; null or empty means the first page. */
    public static PageToken parse(String token) {
        if (token == null || token.isEmpty()) {
            return FIRST;
        }
        String json;
        try {
            json = new String(Base64.getDecoder().decode(token.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw CairnException.invalidParameter("Invalid page token, could not base64-decode. Error: %s", e.getMessage());
        }
        Matcher m = OFFSET.matcher(json.trim());
        if (!m.matches()) {
            throw CairnException.invalidParameter("Invalid page token, parsed value=%s", json);
        }
        return new PageToken(Integer.parseInt(m.group(1)));
    }

    public String encode() {
        return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** The token for the page after one of {@code pageSize} rows starting here. */
    public PageToken next(int pageSize) {
        return new PageToken(offset + pageSize);
    }
}
