package dev.cairn.core.search;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * SQL {@code LIKE} / {@code ILIKE} patterns evaluated in memory.
 *
 * <p>Semantics (which SQL stores must reproduce):
 * <ul>
 *   <li>{@code %} matches any run of characters (including none and line breaks), {@code _}
 *       exactly one character (one Unicode code point); the pattern must match the whole value.</li>
 *   <li>Backslash is the escape character: {@code \%}, {@code \_} and {@code \\} stand for a
 *       literal {@code %}, {@code _} and {@code \}; a backslash before any other character, or at
 *       the end, is itself literal. This is PostgreSQL's and MySQL's default; SQLite needs
 *       {@code ESCAPE '\'}.</li>
 *   <li>{@code LIKE} is case-sensitive (SQLite needs {@code PRAGMA case_sensitive_like} or an
 *       equivalent); {@code ILIKE} ignores case using Unicode case folding.</li>
 * </ul>
 * Every other character is literal, including regex metacharacters; MLflow's own in-memory
 * matcher lets a {@code .} match anything, which we treat as a bug rather than a contract.
 */
public final class LikePattern {
    /** The escape character of patterns. */
    public static final char ESCAPE = '\\';

    private final String pattern;
    private final boolean caseInsensitive;
    private final Pattern regex;

    private LikePattern(String pattern, boolean caseInsensitive) {
        this.pattern = requireNonNull(pattern, "pattern is null");
        this.caseInsensitive = caseInsensitive;
        int flags = Pattern.DOTALL | (caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        this.regex = Pattern.compile(toRegex(pattern), flags);
    }

    /** A case-sensitive {@code LIKE} pattern. */
    public static LikePattern like(String pattern) {
        return new LikePattern(pattern, false);
    }

    /** A case-insensitive {@code ILIKE} pattern. */
    public static LikePattern ilike(String pattern) {
        return new LikePattern(pattern, true);
    }

    public boolean matches(String value) {
        requireNonNull(value, "value is null");
        return regex.matcher(value).matches();
    }

    public String pattern() {
        return pattern;
    }

    public boolean caseInsensitive() {
        return caseInsensitive;
    }

    /** The Java regular expression (without flags) equivalent to a LIKE pattern. */
    public static String toRegex(String pattern) {
        requireNonNull(pattern, "pattern is null");
        StringBuilder regex = new StringBuilder(pattern.length() + 8);
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == ESCAPE && i + 1 < pattern.length()) {
                char next = pattern.charAt(i + 1);
                if (next == '%' || next == '_' || next == ESCAPE) {
                    literal.append(next);
                    i++;
                    continue;
                }
            }
            if (c == '%' || c == '_') {
                flush(literal, regex);
                regex.append(c == '%' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        flush(literal, regex);
        return regex.toString();
    }

    private static void flush(StringBuilder literal, StringBuilder regex) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    @Override
    public String toString() {
        return (caseInsensitive ? "ILIKE " : "LIKE ") + pattern;
    }
}
