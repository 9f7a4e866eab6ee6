package dev.cairn.store.sql;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.search.Comparator;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.Literal;
import java.util.List;

/**
 * SQL for the operator and literal of one comparison, shared by run and experiment searches. The
 * semantics are RunMatcher's: a missing value (SQL NULL, or no row) never matches, string tests are
 * case-sensitive except ILIKE, and metric NaN (is_nan) satisfies only {@code !=}.
 */
final class SqlConditions {
    private SqlConditions() {}

    /** A test on a text column, appended to {@code out}. */
    static void text(SqlDialect d, SqlStatement out, String column, Comparison c) {
        Comparator op = c.op();
        if (op == Comparator.IN || op == Comparator.NOT_IN) {
            if (!(c.value() instanceof Literal.TextList list)) {
                throw mismatch(c, "a list of strings");
            }
            List<String> values = list.values();
            if (values.isEmpty()) {
                out.append(op == Comparator.IN ? "1 = 0" : column + " IS NOT NULL");
                return;
            }
            out.append(op == Comparator.IN ? "(" : "(" + column + " IS NOT NULL AND NOT (");
            for (int i = 0; i < values.size(); i++) {
                out.append((i == 0 ? "" : " OR ") + d.textEquals(column), values.get(i));
            }
            out.append(op == Comparator.IN ? ")" : "))");
            return;
        }
        if (!(c.value() instanceof Literal.Text text)) {
            throw mismatch(c, "a string");
        }
        String value = text.value();
        switch (op) {
            case EQ -> out.append(d.textEquals(column), value);
            case NOT_EQ -> out.append("NOT (" + d.textEquals(column) + ")", value);
            case LIKE -> out.append(d.like(column), value);
            case ILIKE -> out.append(d.ilike(column), value);
            default -> throw unsupported(c);
        }
    }

    /** A test on a numeric column that is never NaN (times). NULL never matches. */
    static void number(SqlStatement out, String column, Comparison c) {
        double value = numberLiteral(c);
        out.append(column + " " + sqlOperator(c) + " ?", value);
    }

    /** A test on a stored metric value with its is_nan flag (see {@link SqlRunReader#storedValue}). */
    static void metric(SqlStatement out, String valueColumn, String isNanColumn, Comparison c) {
        double value = numberLiteral(c);
        if (Double.isNaN(value)) {
            out.append(c.op() == Comparator.NOT_EQ ? "1 = 1" : "1 = 0");
            return;
        }
        double stored = SqlRunReader.storedValue(value);
        if (c.op() == Comparator.NOT_EQ) {
            out.append("(" + isNanColumn + " = ? OR " + valueColumn + " <> ?)", true, stored);
        } else {
            out.append("(" + isNanColumn + " = ? AND " + valueColumn + " " + sqlOperator(c) + " ?)", false, stored);
        }
    }

    private static double numberLiteral(Comparison c) {
        if (!(c.value() instanceof Literal.Number number)) {
            throw mismatch(c, "a number");
        }
        return number.value();
    }

    private static String sqlOperator(Comparison c) {
        return switch (c.op()) {
            case EQ -> "=";
            case NOT_EQ -> "<>";
            case GT -> ">";
            case GTE -> ">=";
            case LT -> "<";
            case LTE -> "<=";
            default -> throw unsupported(c);
        };
    }

    static CairnException unsupported(Comparison c) {
        return CairnException.invalidParameter(
                "Invalid comparator '%s' for %s '%s'", c.op().symbol(), c.kind().name().toLowerCase(), c.key());
    }

    static CairnException unknownKey(Comparison c, List<String> valid) {
        return CairnException.invalidParameter(
                "Invalid %s key '%s' specified. Valid keys are %s", c.kind().name().toLowerCase(), c.key(), valid);
    }

    private static CairnException mismatch(Comparison c, String expected) {
        return CairnException.invalidParameter(
                "Comparator '%s' for %s '%s' needs %s", c.op().symbol(), c.kind().name().toLowerCase(), c.key(), expected);
    }
}
