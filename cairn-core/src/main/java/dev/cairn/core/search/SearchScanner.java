package dev.cairn.core.search;

import dev.cairn.core.error.CairnException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A character cursor over one filter or order_by string. It knows the lexical shapes of the
 * grammar (keys, operators, literals) but not which keys or operators are valid for which
 * entity; that is {@link SearchGrammar}'s job.
 *
 * <p>Scanning characters directly rather than producing a token list first keeps quoted key
 * segments glued to their prefix ({@code tags.`mlflow.runName`}) without whitespace bookkeeping.
 */
final class SearchScanner {
    private static final int SNIPPET = 30;

    private final String input;
    private final String what;
    private int pos;

    /** {@code what} names the input in errors, e.g. "filter" or "order_by clause". */
    SearchScanner(String input, String what) {
        this.input = input;
        this.what = what;
    }

    /** A key as written: {@code prefix} is null for a bare key such as {@code start_time}. */
    record RawKey(String prefix, String key, String text) {}

    /** The right-hand side as written, before it is checked against the key's kind. */
    sealed interface RawValue {
        String text();
    }

    record QuotedValue(String value, String text) implements RawValue {}

    record NumberValue(double value, String text) implements RawValue {}

    record ListValue(List<String> values, String text) implements RawValue {}

    /** Anything else (an unquoted word, a stray symbol); only ever reported as an error. */
    record OtherValue(String text) implements RawValue {}

    String input() {
        return input;
    }

    void skipWhitespace() {
        while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
            pos++;
        }
    }

    boolean atEnd() {
        skipWhitespace();
        return pos >= input.length();
    }

    /** Reads a run of unquoted key characters (no dots); empty if none is next. */
    String readWord() {
        int start = pos;
        while (pos < input.length() && isWordChar(input.charAt(pos))) {
            pos++;
        }
        return input.substring(start, pos);
    }

    RawKey readKey() {
        skipWhitespace();
        int start = pos;
        if (pos >= input.length()) {
            throw error("Expected a key such as 'metrics.<name>' but reached the end of the %s '%s'", what, input);
        }
        char c = input.charAt(pos);
        if (c == '(' || c == ')') {
            throw error(
                    "Parentheses are not supported in a %s ('%s' at position %d); combine comparisons with AND",
                    what, c, pos);
        }
        String first;
        if (c == '`' || c == '"') {
            first = readQuoted(c);
        } else {
            first = readWord();
            if (first.isEmpty()) {
                throw error("Expected a key such as 'metrics.<name>' at position %d of the %s but found '%s'",
                        pos, what, snippet());
            }
        }
        if (pos < input.length() && input.charAt(pos) == '.') {
            pos++;
            String key;
            char q = pos < input.length() ? input.charAt(pos) : 0;
            if (q == '`' || q == '"' || q == '\'') {
                key = readQuoted(q);
            } else {
                key = readDottedWord();
            }
            if (key.isEmpty()) {
                throw error("Missing key name after '%s' in the %s '%s'", input.substring(start, pos), what, input);
            }
            return new RawKey(first, key, input.substring(start, pos));
        }
        return new RawKey(null, first, input.substring(start, pos));
    }

    /** Reads a comparison operator; word operators are case-insensitive as in SQL. */
    Comparator readOperator(RawKey key) {
        skipWhitespace();
        int start = pos;
        if (pos >= input.length()) {
            throw error("Expected a comparison operator after '%s' but reached the end of the %s. Valid comparators are %s",
                    key.text(), what, allOperators());
        }
        char c = input.charAt(pos);
        char next = pos + 1 < input.length() ? input.charAt(pos + 1) : 0;
        switch (c) {
            case '=' -> {
                pos += next == '=' ? 2 : 1;
                return Comparator.EQ;
            }
            case '!' -> {
                if (next == '=') {
                    pos += 2;
                    return Comparator.NOT_EQ;
                }
            }
            case '<' -> {
                if (next == '>') {
                    pos += 2;
                    return Comparator.NOT_EQ;
                }
                pos += next == '=' ? 2 : 1;
                return next == '=' ? Comparator.LTE : Comparator.LT;
            }
            case '>' -> {
                pos += next == '=' ? 2 : 1;
                return next == '=' ? Comparator.GTE : Comparator.GT;
            }
            default -> {
                String word = readWord().toUpperCase(Locale.ROOT);
                switch (word) {
                    case "LIKE" -> {
                        return Comparator.LIKE;
                    }
                    case "ILIKE" -> {
                        return Comparator.ILIKE;
                    }
                    case "IN" -> {
                        return Comparator.IN;
                    }
                    case "NOT" -> {
                        skipWhitespace();
                        String second = readWord();
                        if (second.equalsIgnoreCase("IN")) {
                            return Comparator.NOT_IN;
                        }
                        pos = start;
                        throw error("Invalid comparator 'NOT %s' after '%s'. Valid comparators are %s",
                                second, key.text(), allOperators());
                    }
                    default -> {}
                }
            }
        }
        pos = start;
        throw error("Expected a comparison operator after '%s' but found '%s'. Valid comparators are %s",
                key.text(), snippet(), allOperators());
    }

    RawValue readValue() {
        skipWhitespace();
        int start = pos;
        if (pos >= input.length()) {
            return new OtherValue("");
        }
        char c = input.charAt(pos);
        if (c == '\'' || c == '"') {
            String value = readQuoted(c);
            return new QuotedValue(value, input.substring(start, pos));
        }
        if (c == '(') {
            return readList();
        }
        if (c == '+' || c == '-' || c == '.' || Character.isDigit(c)) {
            NumberValue number = tryReadNumber();
            if (number != null) {
                return number;
            }
        }
        String word = readWord();
        if (word.isEmpty() && pos < input.length()) {
            pos++;
            word = input.substring(start, pos);
        }
        return new OtherValue(word);
    }

    CairnException error(String format, Object... args) {
        return CairnException.invalidParameter(format, args);
    }

    /** The text from the cursor on, shortened for messages. */
    String snippet() {
        String rest = input.substring(Math.min(pos, input.length()));
        return rest.length() <= SNIPPET ? rest : rest.substring(0, SNIPPET) + "...";
    }

    int position() {
        return pos;
    }

    private ListValue readList() {
        int start = pos;
        pos++; // (
        List<String> values = new ArrayList<>();
        skipWhitespace();
        if (pos < input.length() && input.charAt(pos) == ')') {
            throw error("Expected a non-empty list of quoted string values at position %d of the %s, but got ()",
                    start, what);
        }
        while (true) {
            skipWhitespace();
            char c = pos < input.length() ? input.charAt(pos) : 0;
            if (c != '\'' && c != '"') {
                throw error("Expected a quoted string in the list at position %d of the %s but found '%s'",
                        pos, what, snippet());
            }
            values.add(readQuoted(c));
            skipWhitespace();
            c = pos < input.length() ? input.charAt(pos) : 0;
            if (c == ')') {
                pos++;
                return new ListValue(values, input.substring(start, pos));
            }
            if (c != ',') {
                throw error("Expected ',' or ')' in the list at position %d of the %s but found '%s'",
                        pos, what, snippet());
            }
            pos++;
        }
    }

    /** Accepts SQL-style numbers: optional sign, digits with optional fraction, optional exponent. */
    private NumberValue tryReadNumber() {
        int start = pos;
        int i = pos;
        if (input.charAt(i) == '+' || input.charAt(i) == '-') {
            i++;
        }
        int digits = 0;
        while (i < input.length() && Character.isDigit(input.charAt(i))) {
            i++;
            digits++;
        }
        if (i < input.length() && input.charAt(i) == '.') {
            i++;
            while (i < input.length() && Character.isDigit(input.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (i < input.length() && (input.charAt(i) == 'e' || input.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < input.length() && (input.charAt(j) == '+' || input.charAt(j) == '-')) {
                j++;
            }
            int expDigits = 0;
            while (j < input.length() && Character.isDigit(input.charAt(j))) {
                j++;
                expDigits++;
            }
            if (expDigits > 0) {
                i = j;
            }
        }
        // "12abc" is neither a number nor a key; let the caller report the whole word.
        if (i < input.length() && (isWordChar(input.charAt(i)) || input.charAt(i) == '.')) {
            return null;
        }
        String text = input.substring(start, i);
        pos = i;
        return new NumberValue(Double.parseDouble(text), text);
    }

    /**
     * Reads a string enclosed in {@code quote}. The quote character is escaped by doubling it
     * (SQL style) or by a backslash; any other backslash is kept as written, so LIKE escapes such
     * as {@code \%} reach {@link LikePattern} unchanged.
     */
    private String readQuoted(char quote) {
        int start = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < input.length()) {
            char c = input.charAt(pos);
            char next = pos + 1 < input.length() ? input.charAt(pos + 1) : 0;
            if (c == quote) {
                if (next == quote) {
                    out.append(quote);
                    pos += 2;
                    continue;
                }
                pos++;
                return out.toString();
            }
            if (c == '\\' && next == quote) {
                out.append(quote);
                pos += 2;
                continue;
            }
            out.append(c);
            pos++;
        }
        throw error("Unterminated %s starting at position %d of the %s '%s'",
                quote == '`' ? "backtick-quoted name" : "quoted string", start, what, input);
    }

    private String readDottedWord() {
        int start = pos;
        while (pos < input.length() && (isWordChar(input.charAt(pos)) || input.charAt(pos) == '.')) {
            pos++;
        }
        return input.substring(start, pos);
    }

    /** Characters of an unquoted key: MLflow's key alphabet {@code [/\w.\- :]} minus '.' and space. */
    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '/' || c == ':';
    }

    private static String allOperators() {
        return "[=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN]";
    }
}
